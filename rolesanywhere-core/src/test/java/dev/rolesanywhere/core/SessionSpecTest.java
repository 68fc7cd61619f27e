package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.testing.JcaTestSigner;
import dev.rolesanywhere.core.testing.TestFiles;
import java.net.URI;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionSpecTest {
    private static final String TA = "arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/a1b2";
    private static final String PR = "arn:aws:rolesanywhere:eu-west-1:111122223333:profile/c3d4";
    private static final String ROLE = "arn:aws:iam::111122223333:role/app";

    private static SessionSpec complete() {
        return SessionSpec.builder().trustAnchorArn(TA).profileArn(PR).roleArn(ROLE)
                .signerSpec(key -> key.certificate("/c.pem").privateKey("/k.pem")).build();
    }

    @Test
    void withDefaultsFrom_keepsExplicitValues_andFillsTheRest_keyLocationByKeyLocation() {
        SessionSpec explicit = SessionSpec.builder()
                .roleArn("arn:aws:iam::111122223333:role/explicit")
                .signerSpec(key -> key.pkcs8Password("pw".toCharArray()))
                .build();
        SessionSpec fromFile = complete().toBuilder().region("eu-west-1").build();

        SessionSpec merged = explicit.withDefaultsFrom(fromFile);

        assertThat(merged.roleArn()).contains("arn:aws:iam::111122223333:role/explicit");
        assertThat(merged.trustAnchorArn()).contains(TA);
        assertThat(merged.region()).contains("eu-west-1");
        SignerSpec key = merged.signerSpec().get();
        assertThat(key.certificate()).isEqualTo("/c.pem");
        assertThat(key.privateKey()).contains("/k.pem");
        assertThat(key.pkcs8Password().get()).containsExactly('p', 'w');
        assertThat(explicit.signerSpec()).as("no certificate yet").isEmpty();
    }

    @Test
    void isSet_treatsBlankTextAsUnset_andKnowsEveryKeyLocation() {
        SessionSpec spec = SessionSpec.builder().trustAnchorArn("  ").signerSpec(key -> key.reusePin(false)).build();

        assertThat(spec.isSet(SessionField.TRUST_ANCHOR_ARN)).isFalse();
        assertThat(spec.isSet(SessionField.REUSE_PIN)).isTrue();
        assertThat(spec.isSet(SessionField.CERTIFICATE)).isFalse();
        assertThat(complete().isSet(SessionField.CERTIFICATE)).isTrue();
        for (SessionField field : SessionField.values()) {
            assertThat(SessionSpec.builder().build().isSet(field)).as(field.name()).isFalse();
        }
    }

    @Test
    void apply_ofEveryField_setsIt() {
        SessionSpec.Builder builder = SessionSpec.builder();
        for (SessionField field : SessionField.values()) {
            field.apply(builder, textFor(field), "test");
        }
        SessionSpec spec = builder.build();

        for (SessionField field : SessionField.values()) {
            assertThat(spec.isSet(field)).as(field.name()).isTrue();
        }
        assertThat(spec.sessionDuration()).contains(Duration.ofHours(1));
        assertThat(spec.endpoint()).contains(URI.create("https://ra.example.test"));
        assertThat(spec.caBundle()).contains(Paths.get("/ca.pem"));
    }

    private static String textFor(SessionField field) {
        switch (field) {
            case SESSION_DURATION:
                return "PT1H";
            case ENDPOINT:
                return "https://ra.example.test";
            case CA_BUNDLE:
                return "/ca.pem";
            case REUSE_PIN:
            case FIPS_ENABLED:
            case DUALSTACK_ENABLED:
            case TRUST_ALL_CERTIFICATES:
            case DEBUG_LOGGING:
                return "true";
            case PROXY:
                return "proxy.example:3128";
            case NON_PROXY_HOSTS:
                return "localhost";
            case MAX_ATTEMPTS:
                return "5";
            default:
                return "value";
        }
    }

    @Test
    void proxy_asTextOfHttpsProxy_meansHttpWithoutScheme_andKeepsItsUserOutOfMessages() {
        SessionSpec.Builder builder = SessionSpec.builder();
        SessionField.PROXY.apply(builder, "build%40ci:p%3Ass+w@proxy.example:3128", "HTTPS_PROXY");
        SessionField.NON_PROXY_HOSTS.apply(builder, "localhost, .internal.example,10.0.0.1:8443,,", "NO_PROXY");
        SessionSpec spec = builder.build();

        assertThat(spec.proxy()).contains(URI.create("http://build%40ci:p%3Ass+w@proxy.example:3128"));
        assertThat(spec.nonProxyHosts()).containsExactlyInAnyOrder("localhost", ".internal.example", "10.0.0.1:8443");
        assertThat(spec.toString()).contains("http://proxy.example:3128").doesNotContain("build", "p%3Ass");
        assertThatThrownBy(() -> SessionField.PROXY.apply(SessionSpec.builder(), "http://user:Secret-1@:3128",
                "HTTPS_PROXY"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("HTTPS_PROXY")
                .hasMessageContaining("http://host:port")
                .hasMessageNotContaining("Secret-1");
    }

    @Test
    void createSessionClient_carriesTheAttemptsAndTheProxy() {
        SessionSpec spec = complete().toBuilder().maxAttempts(7).proxy(URI.create("http://proxy.example:3128"))
                .build();

        try (CreateSessionClient client = spec.createSessionClient()) {
            assertThat(client.toString()).contains("maxAttempts=7");
        }
    }

    @Test
    void createSessionRequest_trimsTheArns_andDefaultsTheDuration() throws Exception {
        SessionSpec spec = complete().toBuilder().trustAnchorArn(" " + TA + " ").build();
        Signer signer = new JcaTestSigner(TestFiles.privateKey(TestFiles.resource("golden/leaf-key.pem")),
                TestFiles.certificate(TestFiles.resource("golden/leaf.pem")), java.util.List.of());

        CreateSessionRequest request = spec.createSessionRequest(signer);

        assertThat(request.trustAnchorArn()).isEqualTo(TA);
        assertThat(request.duration()).isEqualTo(CreateSessionRequest.DEFAULT_DURATION);
        assertThat(request.signer()).isSameAs(signer);
    }

    @Test
    void validateRequest_checksArnsAndDurationWithoutASigner() {
        complete().validateRequest();

        assertThatThrownBy(() -> complete().toBuilder().profileArn(null).build().validateRequest())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("profileArn is required");
        assertThatThrownBy(() -> complete().toBuilder().sessionDuration(Duration.ofMinutes(5)).build()
                .validateRequest())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("900");
    }

    @Test
    void createSessionClient_withTrustAllAndCaBundle_namesBothSpellings() {
        SessionSpec spec = complete().toBuilder().trustAllCertificatesEnabled(true).caBundle(Paths.get("/ca.pem"))
                .build();

        assertThatThrownBy(spec::createSessionClient)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("trustAllCertificatesEnabled")
                .hasMessageContaining("--no-verify-ssl with --ca-bundle");
    }

    @Test
    void build_withBlankKeyLocation_isRejected() {
        assertThatThrownBy(() -> SessionSpec.builder().signerSpec(key -> key.privateKey(" ")).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("private key location is blank");
    }

    @Test
    void toString_neverShowsThePkcs8OrProxyPassword() {
        SessionSpec spec = complete().toBuilder()
                .signerSpec(key -> key.pkcs8Password("Pkcs8-Secret".toCharArray()))
                .proxy(URI.create("http://user:Proxy-Secret@proxy.example:3128"))
                .build();

        assertThat(spec.toString()).contains(ROLE, "proxy.example").doesNotContain("Pkcs8-Secret", "Proxy-Secret");
    }

    @Test
    void toBuilder_roundTripsEveryValue() {
        SessionSpec spec = complete().toBuilder().sessionDuration(Duration.ofHours(2)).roleSessionName("ci")
                .region("eu-west-1").endpoint(URI.create("https://ra.example.test")).fipsEnabled(true)
                .dualstackEnabled(true).caBundle(Paths.get("/ca.pem"))
                .proxy(URI.create("http://proxy.example:3128")).nonProxyHosts(java.util.Set.of("localhost"))
                .maxAttempts(4).trustAllCertificatesEnabled(false)
                .debugLoggingEnabled(true).build();

        SessionSpec copy = spec.toBuilder().build();

        assertThat(copy).isEqualTo(spec).isNotSameAs(spec).hasSameHashCodeAs(spec);
        assertThat(copy.withDefaultsFrom(SessionSpec.builder().build())).isEqualTo(spec);
        assertThat(SessionSpec.builder().build().withDefaultsFrom(spec)).isEqualTo(spec);
    }
}
