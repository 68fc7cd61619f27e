package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ProxySpecTest {

    @Test
    void parse_readsUserAndPasswordPercentDecoded_andKeepsThemOutOfTheEndpoint() {
        ProxySpec proxy = ProxySpec.parse("http://build%40ci:p%3Ass+w@proxy.example:3128", "--proxy");

        assertThat(proxy.endpoint()).isEqualTo(URI.create("http://proxy.example:3128"));
        assertThat(proxy.username()).contains("build@ci");
        assertThat(proxy.toProxyConfiguration().password()).isEqualTo("p:ss+w");
        assertThat(proxy.toString()).doesNotContain("p:ss+w", "p%3Ass");
    }

    @Test
    void parse_withoutScheme_meansHttp() {
        assertThat(ProxySpec.parse("proxy.example:8080", "HTTPS_PROXY").endpoint())
                .isEqualTo(URI.create("http://proxy.example:8080"));
    }

    @Test
    void parse_withoutHost_namesTheSetting_butNotItsText() {
        assertThatThrownBy(() -> ProxySpec.parse("http://user:Secret-1@:3128", "HTTPS_PROXY"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("HTTPS_PROXY")
                .hasMessageContaining("http://host:port")
                .hasMessageNotContaining("Secret-1");
    }

    @Test
    void noProxy_turnsLeadingDotsIntoWildcards_andDropsPorts() {
        ProxySpec proxy = ProxySpec.parse("proxy.example:3128", "test").toBuilder()
                .noProxy("localhost, .internal.example,10.0.0.1:8443,,")
                .build();

        assertThat(proxy.nonProxyHosts())
                .containsExactly("localhost", "*.internal.example", "internal.example", "10.0.0.1");
        assertThat(proxy.toProxyConfiguration().nonProxyHosts()).isEqualTo(proxy.nonProxyHosts());
    }
}
