package dev.rolesanywhere.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NonProxyHostsTest {

    @ParameterizedTest(name = "NO_PROXY={0}: {1}:{2} bypasses = {3}")
    @CsvSource(delimiter = '|', value = {
        "example.com            | example.com        | 443 | true",
        "example.com            | api.example.com    | 443 | true",
        "example.com            | notexample.com     | 443 | false",
        ".example.com           | api.example.com    | 443 | true",
        ".example.com           | example.com        | 443 | false",
        "*.example.com          | api.example.com    | 443 | true",
        "*.example.com          | example.com        | 443 | false",
        "EXAMPLE.com            | Api.Example.COM    | 443 | true",
        "example.com:8443       | example.com        | 443 | false",
        "example.com:8443       | example.com        | 8443 | true",
        "*                      | anything.test      | 443 | true",
        "10.0.0.0/8             | 10.1.2.3           | 443 | true",
        "10.0.0.0/8             | 11.1.2.3           | 443 | false",
        "192.0.2.7              | 192.0.2.7          | 443 | true",
        "192.0.2.7              | 192.0.2.8          | 443 | false",
        "2001:db8::/32          | [2001:db8::1]      | 443 | true",
        "[2001:db8::1]:443      | [2001:db8::1]      | 443 | true",
        "10.0.0.0/8             | ten.example        | 443 | false",
        "other.test             | localhost          | 443 | true",
        "other.test             | 127.0.0.1          | 443 | true",
        "other.test             | 127.9.9.9          | 443 | true",
        "other.test             | [::1]              | 443 | true",
        "other.test             | rolesanywhere.us-east-1.amazonaws.com | 443 | false",
    })
    void bypass_followsTheNoProxyRules_andNeverProxiesLoopback(String entries, String host, int port,
            boolean bypass) {
        NonProxyHosts rules = NonProxyHosts.of(ProxyUri.nonProxyHosts(entries));

        assertThat(rules.bypass(host, port)).isEqualTo(bypass);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''", "' , ,'"})
    void anEmptyList_proxiesEveryRemoteHost(String entries) {
        NonProxyHosts rules = NonProxyHosts.of(ProxyUri.nonProxyHosts(entries));

        assertThat(rules.bypass("rolesanywhere.eu-west-1.amazonaws.com", 443)).isFalse();
        assertThat(NonProxyHosts.of(Set.of()).bypass("localhost", 443)).isTrue();
    }
}
