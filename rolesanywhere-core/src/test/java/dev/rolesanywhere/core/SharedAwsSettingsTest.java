package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedAwsSettingsTest {

    private static SessionSpec read(Map<String, String> environment, Map<String, String> profile,
            Map<String, String> services) {
        return SharedAwsSettings.read(environment::get, profile, services, "dev");
    }

    @Test
    void read_takesEachSettingFromTheEnvironment() {
        SessionSpec spec = read(Map.of("AWS_USE_FIPS_ENDPOINT", "true", "AWS_USE_DUALSTACK_ENDPOINT", "TRUE",
                "AWS_CA_BUNDLE", "/etc/corp-ca.pem", "AWS_MAX_ATTEMPTS", "5", "AWS_RETRY_MODE", "adaptive",
                "HTTPS_PROXY", "http://proxy.corp:3128", "NO_PROXY", ".corp,10.0.0.0/8"), Map.of(), Map.of());

        assertThat(spec.fipsEnabled()).isTrue();
        assertThat(spec.dualstackEnabled()).isTrue();
        assertThat(spec.caBundle()).contains(Paths.get("/etc/corp-ca.pem"));
        assertThat(spec.maxAttempts()).contains(5);
        assertThat(spec.proxy()).contains(URI.create("http://proxy.corp:3128"));
        assertThat(spec.nonProxyHosts()).containsExactlyInAnyOrder(".corp", "10.0.0.0/8");
        assertThat(spec.endpoint()).isEmpty();
    }

    @Test
    void read_fallsBackToTheProfileKeys_andTheEnvironmentWins() {
        Map<String, String> profile = Map.of("use_fips_endpoint", "true", "ca_bundle", "/from/profile.pem",
                "max_attempts", "2", "use_dualstack_endpoint", "false");

        SessionSpec fromProfile = read(Map.of(), profile, Map.of());
        SessionSpec environmentWins = read(Map.of("AWS_CA_BUNDLE", "/from/env.pem", "AWS_USE_FIPS_ENDPOINT", "false"),
                profile, Map.of());

        assertThat(fromProfile.fipsEnabled()).isTrue();
        assertThat(fromProfile.caBundle()).contains(Paths.get("/from/profile.pem"));
        assertThat(fromProfile.maxAttempts()).contains(2);
        assertThat(environmentWins.fipsEnabled()).isFalse();
        assertThat(environmentWins.caBundle()).contains(Paths.get("/from/env.pem"));
    }

    @Test
    void read_endpoint_inTheOrderOfTheSdks() {
        Map<String, String> profile = Map.of("endpoint_url", "https://global.profile.test", "services", "corp");
        Map<String, String> services = Map.of("rolesanywhere.endpoint_url", "https://service.profile.test",
                "sts.endpoint_url", "https://sts.profile.test");

        assertThat(read(Map.of("AWS_ENDPOINT_URL_ROLESANYWHERE", "https://service.env.test",
                "AWS_ENDPOINT_URL", "https://global.env.test"), profile, services).endpoint())
                .contains(URI.create("https://service.env.test"));
        assertThat(read(Map.of("AWS_ENDPOINT_URL", "https://global.env.test"), profile, services).endpoint())
                .contains(URI.create("https://global.env.test"));
        assertThat(read(Map.of(), profile, services).endpoint()).contains(URI.create("https://service.profile.test"));
        assertThat(read(Map.of(), profile, Map.of()).endpoint()).contains(URI.create("https://global.profile.test"));
        assertThat(read(Map.of("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true",
                "AWS_ENDPOINT_URL", "https://global.env.test"), profile, services).endpoint()).isEmpty();
    }

    @Test
    void read_treatsEmptyVariablesAsUnset_andTheLowerCaseProxyVariables() {
        SessionSpec spec = read(Map.of("AWS_USE_FIPS_ENDPOINT", "", "https_proxy", "proxy.corp:8080",
                "no_proxy", "localhost"), Map.of(), Map.of());

        assertThat(spec.isSet(SessionField.FIPS_ENABLED)).isFalse();
        assertThat(spec.proxy()).contains(URI.create("http://proxy.corp:8080"));
        assertThat(spec.nonProxyHosts()).containsExactly("localhost");
    }

    @Test
    void read_withAMalformedValue_namesTheVariableOrKey() {
        assertThatThrownBy(() -> read(Map.of("AWS_USE_FIPS_ENDPOINT", "yes"), Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("environment variable AWS_USE_FIPS_ENDPOINT")
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> read(Map.of(), Map.of("max_attempts", "0"), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("key max_attempts of profile 'dev'").hasMessageContaining("1 (no retries) to 20");
        assertThatThrownBy(() -> read(Map.of("AWS_RETRY_MODE", "aggressive"), Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("AWS_RETRY_MODE").hasMessageContaining("standard, adaptive or legacy");
    }

    @Test
    void aConfiguredEndpoint_withFips_isRefused_namingEverySpelling() {
        SessionSpec spec = read(Map.of("AWS_ENDPOINT_URL", "https://ra.corp.test", "AWS_USE_FIPS_ENDPOINT", "true"),
                Map.of(), Map.of());

        assertThatThrownBy(spec::createSessionClient)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL").hasMessageContaining("AWS_USE_FIPS_ENDPOINT");
    }
}
