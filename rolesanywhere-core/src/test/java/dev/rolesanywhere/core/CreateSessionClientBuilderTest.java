package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** Options are checked when the client is built, with messages that say which option to change. */
class CreateSessionClientBuilderTest {

    @TempDir
    Path tmp;

    @Test
    void build_withDefaults_describesItselfWithoutSurprises() {
        try (CreateSessionClient client = CreateSessionClient.create()) {
            assertThat(client.toString()).isEqualTo("CreateSessionClient(region=<from trust anchor>, "
                    + "arnPlacement=QUERY, maxAttempts=3)");
        }
    }

    @Test
    void build_withMaxAttemptsOutOfRange_isRejected() {
        assertThatThrownBy(() -> CreateSessionClient.builder().maxAttempts(0).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxAttempts 0 is out of range");
        assertThatThrownBy(() -> CreateSessionClient.builder().maxAttempts(21).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("use 1 (no retries) to 20");
    }

    @Test
    void build_withANonPositiveTimeout_namesTheOption() {
        assertThatThrownBy(() -> CreateSessionClient.builder().connectTimeout(Duration.ZERO).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("connectTimeout must be positive");
        assertThatThrownBy(() -> CreateSessionClient.builder().readTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("readTimeout must be positive");
    }

    @Test
    void build_withABackoffCapBelowTheBase_isRejected() {
        assertThatThrownBy(() -> CreateSessionClient.builder().backoffBaseDelay(Duration.ofSeconds(2))
                .backoffMaxDelay(Duration.ofSeconds(1)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("backoffMaxDelay PT1S is shorter than backoffBaseDelay PT2S");
    }

    @Test
    void build_withOwnedClientOptionsAndACallersClient_isRejected() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        SdkHttpClient http = UrlConnectionHttpClient.create();
        try {
            assertThatThrownBy(() -> CreateSessionClient.builder().httpClient(http).trustStore(empty).build())
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("Configure them on your own httpClient instead");
        } finally {
            http.close();
        }
    }

    @Test
    void build_withTwoTrustSources_isRejected() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        assertThatThrownBy(() -> CreateSessionClient.builder().trustStore(empty).caBundle(tmp.resolve("x.pem"))
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("choose one source of trusted CA certificates");
        assertThatThrownBy(() -> CreateSessionClient.builder().trustStore(empty).trustAllCertificatesEnabled(true)
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("trustAllCertificatesEnabled is set together with trustStore or caBundle");
    }

    @Test
    void build_withAMissingCaBundle_namesTheFile() {
        Path missing = tmp.resolve("missing-ca.pem");
        assertThatThrownBy(() -> CreateSessionClient.builder().caBundle(missing).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("caBundle '" + missing + "' cannot be read");
    }

    @Test
    void build_withACaBundleWithoutCertificates_saysWhatItShouldContain() throws Exception {
        Path empty = Files.write(tmp.resolve("empty.pem"), "# nothing here\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CreateSessionClient.builder().caBundle(empty).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("caBundle '" + empty + "'");
    }

    @Test
    void build_withPlainHttpToARemoteHost_isRejected() {
        assertThatThrownBy(() -> CreateSessionClient.builder().endpoint(URI.create("http://ra.internal.example"))
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("only with localhost, 127.0.0.1 or [::1]");
    }

    @Test
    void build_withAMalformedRegion_isRejected() {
        assertThatThrownBy(() -> CreateSessionClient.builder().region("US East").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("region 'US East' is not a region name");
    }

    @Test
    void build_withPlainHttpToLoopback_isAllowed() {
        try (CreateSessionClient client = CreateSessionClient.builder()
                .endpoint(URI.create("http://127.0.0.1:8080/mock")).build()) {
            assertThat(client.toString()).contains("endpoint=http://127.0.0.1:8080/mock");
        }
    }
}
