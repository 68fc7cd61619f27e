package dev.rolesanywhere.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;

class ProxyUriTest {

    @Test
    void configuration_decodesUserAndPassword_andKeepsThemOutOfTheEndpoint() {
        ProxyConfiguration proxy = ProxyUri.configuration(URI.create("http://build%40ci:p%3Ass+w@proxy.example:3128"),
                Set.of("localhost"));

        assertThat(proxy.host()).isEqualTo("proxy.example");
        assertThat(proxy.port()).isEqualTo(3128);
        assertThat(proxy.username()).isEqualTo("build@ci");
        assertThat(proxy.password()).isEqualTo("p:ss+w");
        assertThat(proxy.nonProxyHosts()).containsExactly("localhost");
    }
}
