package dev.rolesanywhere.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Builder defaults and validation, lifecycle, path prefixes and less common trust set-ups. */
class EmulatorConfigurationTest {
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void defaults_giveOneTrustAnchorProfileAndRole() {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build()
                .start()) {
            assertThat(emulator.trustAnchorArn())
                    .matches("arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/" + UUID_PATTERN);
            assertThat(emulator.profileArn())
                    .matches("arn:aws:rolesanywhere:us-east-1:123456789012:profile/" + UUID_PATTERN);
            assertThat(emulator.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/rolesanywhere-emulator-role");
            EmulatedProfile profile = emulator.profiles().get(emulator.profileArn());
            assertThat(profile.durationSeconds()).isEqualTo(43200);
            assertThat(profile.acceptRoleSessionName()).isFalse();
            assertThat(emulator.endpoint().toString()).isEqualTo("https://127.0.0.1:" + emulator.port());
            assertThat(emulator.stsEndpoint().getPort()).isNotEqualTo(emulator.port());
            assertThat(emulator.toString()).contains(emulator.endpoint().toString());
        }
    }

    @Test
    void regionAndAccount_flowIntoArnsAndSigningScope() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate())
                .region("ap-southeast-2").accountId("210987654321").build().start()) {
            assertThat(emulator.trustAnchorArn()).startsWith("arn:aws:rolesanywhere:ap-southeast-2:210987654321:");
            IssuedCredentials credentials = IssuedCredentials.from(new TestCreateSessionRequest(emulator,
                    EmulatorHttp.client(emulator), ca.issueClientCertificate()).send());
            assertThat(credentials.assumedRoleArn).startsWith("arn:aws:sts::210987654321:assumed-role/");
        }
    }

    @Test
    void basePath_servesCreateSessionUnderThePrefix() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate())
                .basePath("/custom/prefix/").build().start()) {
            assertThat(emulator.endpoint().toString()).endsWith("/custom/prefix");
            IssuedCertificate client = ca.issueClientCertificate();
            IssuedCredentials.from(new TestCreateSessionRequest(emulator, EmulatorHttp.client(emulator), client)
                    .send());
            HttpResponse<String> withoutPrefix = new TestCreateSessionRequest(emulator,
                    EmulatorHttp.client(emulator), client).path("/sessions").send();
            assertThat(withoutPrefix.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void mlDsaRootCa_validatesAnMlDsaChain() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.builder().keyType(KeyType.ML_DSA_65).build();
        IssuedCertificate client = ca.issueIntermediate(KeyType.ML_DSA_44).issueClientCertificate(KeyType.ML_DSA_87);
        IssuedCertificate stranger = TestCertificateAuthority.builder().keyType(KeyType.ML_DSA_65).build()
                .issueClientCertificate(KeyType.ML_DSA_65);
        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build()
                .start()) {
            IssuedCredentials.from(new TestCreateSessionRequest(emulator, EmulatorHttp.client(emulator), client)
                    .send());
            HttpResponse<String> refused = new TestCreateSessionRequest(emulator, EmulatorHttp.client(emulator),
                    stranger).send();
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("Untrusted signing certificate");
        }
    }

    @Test
    void credentialLifetime_overridesTheRequestedDuration() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate())
                .credentialLifetime(Duration.ofSeconds(90)).clock(clock).build().start()) {
            IssuedCredentials credentials = IssuedCredentials.from(new TestCreateSessionRequest(emulator,
                    EmulatorHttp.client(emulator), ca.issueClientCertificate()).signingTime(clock.instant())
                    .durationSeconds(43200).send());
            assertThat(credentials.expiration).isEqualTo(clock.instant().plusSeconds(90));
        }
    }

    @Test
    void clock_decidesCertificateValidity() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        TestCertificateAuthority ca = TestCertificateAuthority.builder().clock(clock).build();
        IssuedCertificate client = ca.issueClientCertificate();
        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate())
                .clock(clock).build().start()) {
            clock.advance(Duration.ofDays(2));
            HttpResponse<String> response = new TestCreateSessionRequest(emulator, EmulatorHttp.client(emulator),
                    client).signingTime(clock.instant()).send();
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("Certificate is expired");
        }
    }

    @Test
    void invalidConfiguration_isRefusedWithTheFix() {
        assertThatThrownBy(() -> RolesAnywhereEmulator.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trustAnchor(caCertificate)");
        assertThatThrownBy(() -> RolesAnywhereEmulator.builder().region("US_EAST"))
                .hasMessageContaining("region name like us-east-1");
        assertThatThrownBy(() -> RolesAnywhereEmulator.builder().accountId("12345"))
                .hasMessageContaining("12 digits");
        assertThatThrownBy(() -> RolesAnywhereEmulator.builder().basePath("/has space"))
                .hasMessageContaining("/prefix");
        assertThatThrownBy(() -> RolesAnywhereEmulator.builder().credentialLifetime(Duration.ZERO))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> RolesAnywhereEmulator.builder().port(70000)).hasMessageContaining("0..65535");
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        assertThatThrownBy(() -> RolesAnywhereEmulator.builder()
                .trustAnchor("arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/x", ca.certificate())
                .build()).hasMessageContaining("same partition, region and account");
        assertThatThrownBy(() -> RolesAnywhereEmulator.builder().trustAnchor(ca.certificate())
                .profile(EmulatedProfile.builder().roleArn("not-an-arn").build()).build())
                .hasMessageContaining("arn:aws:iam::123456789012:role/name");
        String anchorArn = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/a";
        assertThatThrownBy(() -> RolesAnywhereEmulator.builder().trustAnchor(anchorArn, ca.certificate())
                .trustAnchor(anchorArn, ca.certificate()).build()).hasMessageContaining("configured twice");
        assertThatThrownBy(() -> EmulatedProfile.builder().durationSeconds(100).build())
                .hasMessageContaining("900..43200");
    }

    @Test
    void revoke_beforeStart_appliesOnceRunning() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        IssuedCertificate client = ca.issueClientCertificate();
        RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build();
        emulator.revoke(client.serialNumber());
        try (RolesAnywhereEmulator running = emulator.start()) {
            HttpResponse<String> response = new TestCreateSessionRequest(running, EmulatorHttp.client(running), client)
                    .send();
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("Certificate is revoked");
        }
    }

    @Test
    void lifecycle_misuseIsExplained() {
        RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder()
                .trustAnchor(TestCertificateAuthority.create().certificate()).build();
        assertThatThrownBy(emulator::endpoint).hasMessageContaining("call start() first");
        emulator.start();
        assertThatThrownBy(emulator::start).hasMessageContaining("already started");
        emulator.close();
        emulator.close();
        assertThatThrownBy(emulator::start).hasMessageContaining("closed");
        assertThat(emulator.toString()).contains("closed");
    }

    @Test
    @SuppressWarnings("try") // the first emulator is closed early on purpose, to free its port
    void fixedPortInUse_isReportedWithTheFix() {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        try (RolesAnywhereEmulator first = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build()
                .start()) {
            RolesAnywhereEmulator second = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate())
                    .port(first.port()).build();
            assertThatThrownBy(second::start).isInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessageContaining("choose another port");
            // The failed start left nothing half-open: the same emulator starts once the port is free.
            int port = first.port();
            first.close();
            try (RolesAnywhereEmulator retried = second.start()) {
                assertThat(retried.port()).isEqualTo(port);
            }
        }
    }
}
