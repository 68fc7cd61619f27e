package dev.rolesanywhere.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyUriTest {

    @Test
    void userAndPassword_arePercentDecoded_andKeptOutOfThePrintableForm() {
        URI proxy = ProxyUri.parse("build%40ci:p%3Ass+w@proxy.example:3128", "HTTPS_PROXY");

        assertThat(proxy).isEqualTo(URI.create("http://build%40ci:p%3Ass+w@proxy.example:3128"));
        assertThat(ProxyUri.user(proxy)).isEqualTo("build@ci");
        assertThat(ProxyUri.password(proxy)).containsExactly("p:ss+w".toCharArray());
        assertThat(ProxyUri.withoutUserInfo(proxy)).isEqualTo(URI.create("http://proxy.example:3128"));
        assertThat(ProxyUri.port(proxy)).isEqualTo(3128);
    }

    @Test
    void anHttpsProxy_isReachedOverTls_onPort443ByDefault() {
        URI proxy = ProxyUri.parse("https://proxy.example", "--proxy");

        assertThat(ProxyUri.usesTls(proxy)).isTrue();
        assertThat(ProxyUri.port(proxy)).isEqualTo(443);
        assertThat(ProxyUri.port(ProxyUri.parse("proxy.example", "--proxy"))).isEqualTo(80);
    }

    @ParameterizedTest
    @ValueSource(strings = {"socks5://user:Secret-1@proxy.example:1080", "ftp://user:Secret-1@proxy.example"})
    void otherSchemes_areRefused_namingTheSetting_withoutThePassword(String text) {
        assertThatThrownBy(() -> ProxyUri.parse(text, "HTTPS_PROXY"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("HTTPS_PROXY")
                .hasMessageContaining("https://host:port for TLS to the proxy")
                .hasMessageNotContaining("Secret-1");
    }

    @Test
    void aPathOrQuery_isRefused() {
        assertThatThrownBy(() -> ProxyUri.parse("http://proxy.example:3128/path?x=1", "--proxy"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("path or query");
    }

    @Test
    void nonProxyHosts_splitsOnCommasAndBlanks_keepingEachEntryAsWritten() {
        assertThat(ProxyUri.nonProxyHosts(" localhost, .Internal.example,10.0.0.1:8443 ,,*.corp 10.0.0.0/8"))
                .containsExactly("localhost", ".internal.example", "10.0.0.1:8443", "*.corp", "10.0.0.0/8");
    }
}
