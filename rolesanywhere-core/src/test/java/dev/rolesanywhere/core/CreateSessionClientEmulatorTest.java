package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.internal.OutgoingRequest;
import dev.rolesanywhere.core.keys.PrivateKeySigner;
import dev.rolesanywhere.core.testing.JcaTestSigner;
import dev.rolesanywhere.emulator.CertificateTemplate;
import dev.rolesanywhere.emulator.EmulatedProfile;
import dev.rolesanywhere.emulator.FaultType;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.LoggedRequest;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Round trips over real HTTPS against the project's emulator, which verifies signatures with its own SigV4 code:
 * every key type, chains, both ARN placements, the rejections the service makes, and the retry behaviour.
 */
class CreateSessionClientEmulatorTest {
    private static final String CAPPED_PROFILE =
            "arn:aws:rolesanywhere:us-east-1:123456789012:profile/capped-0000-1111";

    private static TestCertificateAuthority root;
    private static TestCertificateAuthority intermediate;
    private static RolesAnywhereEmulator emulator;
    private static IssuedCertificate ecLeaf;

    @BeforeAll
    static void startEmulator() {
        root = TestCertificateAuthority.builder().keyType(KeyType.EC_P256).build();
        intermediate = root.issueIntermediate(KeyType.EC_P384);
        ecLeaf = root.issueClientCertificate(KeyType.EC_P256);
        emulator = RolesAnywhereEmulator.builder()
                .trustAnchor(root.certificate())
                .profile(EmulatedProfile.builder().acceptRoleSessionName(true).build())
                .profile(EmulatedProfile.builder().arn(CAPPED_PROFILE).durationSeconds(3600).build())
                .build()
                .start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @BeforeEach
    void resetEmulator() {
        emulator.faults().clear();
        emulator.requestLog().clear();
    }

    private static CreateSessionClient.BuilderImpl client() {
        CreateSessionClient.BuilderImpl builder = (CreateSessionClient.BuilderImpl) CreateSessionClient.builder();
        builder.endpoint(emulator.endpoint()).trustStore(emulator.trustStore())
                .backoffBaseDelay(Duration.ofMillis(1)).backoffMaxDelay(Duration.ofMillis(5));
        return builder;
    }

    private static CreateSessionRequest.Builder request(Signer signer) {
        return CreateSessionRequest.builder().signer(signer).trustAnchorArn(emulator.trustAnchorArn())
                .profileArn(emulator.profileArn()).roleArn(emulator.roleArn());
    }

    private static Signer signerFor(IssuedCertificate issued) {
        return PrivateKeySigner.builder().privateKey(issued.privateKey()).certificate(issued.certificate())
                .certificateChain(issued.intermediates()).build();
    }

    private static void assertValidCredentials(SessionCredentials credentials) {
        assertThat(credentials.accessKeyId()).isNotBlank();
        assertThat(credentials.secretAccessKey()).isNotBlank();
        assertThat(credentials.sessionToken()).isNotBlank();
        assertThat(credentials.expiration()).isAfter(Instant.now());
        assertThat(credentials.roleArn()).isEqualTo(emulator.roleArn());
        assertThat(credentials.accountId()).contains(emulator.accountId());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void createSession_withALeafIssuedByTheTrustAnchor_returnsCredentials(KeyType keyType) {
        IssuedCertificate leaf = root.issueClientCertificate(keyType);
        try (CreateSessionClient client = client().build()) {
            SessionCredentials credentials = client.createSession(request(signerFor(leaf)).build());

            assertValidCredentials(credentials);
        }
        LoggedRequest logged = emulator.requestLog().last().orElseThrow();
        assertThat(logged.succeeded()).isTrue();
        assertThat(logged.serialNumber()).contains(leaf.serialNumber().toString());
        assertThat(logged.signedHeaders()).doesNotContain("x-amz-x509-chain");
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void createSession_withALeafBelowAnIntermediate_sendsAndSignsTheChain(KeyType keyType) {
        IssuedCertificate leaf = intermediate.issueClientCertificate(keyType);
        assertThat(leaf.intermediates()).hasSize(1);
        try (CreateSessionClient client = client().build()) {
            assertValidCredentials(client.createSession(request(signerFor(leaf)).build()));
        }
        assertThat(emulator.requestLog().last().orElseThrow().signedHeaders()).contains("x-amz-x509-chain");
    }

    @Test
    void createSession_withTheIntermediateMissingFromTheChain_isDeniedAsUntrusted() {
        IssuedCertificate leaf = intermediate.issueClientCertificate(KeyType.EC_P256);
        Signer withoutChain = PrivateKeySigner.create(leaf.privateKey(), leaf.certificate());
        try (CreateSessionClient client = client().build()) {
            assertThatThrownBy(() -> client.createSession(request(withoutChain).build()))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("add the issuing CA to the trust anchor");
        }
    }

    @Test
    void createSession_withArnsInTheBody_returnsCredentials() {
        try (CreateSessionClient client = client().arnPlacement(ArnPlacement.BODY).build()) {
            assertValidCredentials(client.createSession(request(signerFor(ecLeaf)).build()));
        }
    }

    @Test
    void createSession_throughAPathPrefix_signsThePrefixedPath() {
        try (RolesAnywhereEmulator prefixed = RolesAnywhereEmulator.builder().trustAnchor(root.certificate())
                .basePath("/gateway/ra").build().start()) {
            assertThat(prefixed.endpoint().getPath()).isEqualTo("/gateway/ra");
            try (CreateSessionClient client = ((CreateSessionClient.BuilderImpl) CreateSessionClient.builder())
                    .endpoint(prefixed.endpoint()).trustStore(prefixed.trustStore()).build()) {
                SessionCredentials credentials = client.createSession(CreateSessionRequest.builder()
                        .signer(signerFor(ecLeaf)).trustAnchorArn(prefixed.trustAnchorArn())
                        .profileArn(prefixed.profileArn()).roleArn(prefixed.roleArn()).build());

                assertThat(credentials.accessKeyId()).isNotBlank();
            }
            assertThat(prefixed.requestLog().count()).isEqualTo(1);
        }
    }

    @Test
    void createSession_withASessionNameAndDuration_isAccepted() {
        try (CreateSessionClient client = client().build()) {
            SessionCredentials credentials = client.createSession(request(signerFor(ecLeaf))
                    .roleSessionName("build-42").duration(Duration.ofMinutes(15)).build());

            assertThat(credentials.assumedRoleArn()).endsWith("/build-42");
        }
    }

    @Test
    void createSession_withASessionNameTheProfileDoesNotAccept_explainsTheProfileSetting() {
        try (CreateSessionClient client = client().build()) {
            assertThatThrownBy(() -> client.createSession(request(signerFor(ecLeaf)).profileArn(CAPPED_PROFILE)
                    .roleSessionName("build-42").build()))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("enable acceptRoleSessionName");
        }
        assertThat(emulator.requestLog().count()).isEqualTo(1);
    }

    @Test
    void createSession_aboveTheProfileCap_isAValidationErrorNamingTheCap() {
        try (CreateSessionClient client = client().build()) {
            assertThatThrownBy(() -> client.createSession(request(signerFor(ecLeaf)).profileArn(CAPPED_PROFILE)
                    .duration(Duration.ofHours(2)).build()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("no more than the profile's durationSeconds")
                    .satisfies(e -> assertThat(((ValidationException) e).statusCode()).isEqualTo(400));
        }
    }

    @Test
    void createSession_forARoleOutsideTheProfile_explainsHowToAddIt() {
        try (CreateSessionClient client = client().build()) {
            assertThatThrownBy(() -> client.createSession(request(signerFor(ecLeaf))
                    .roleArn("arn:aws:iam::123456789012:role/SomethingElse").build()))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("add the role ARN to the profile's roleArns");
        }
    }

    @Test
    void createSession_forAnUnknownProfile_isResourceNotFound() {
        try (CreateSessionClient client = client().build()) {
            assertThatThrownBy(() -> client.createSession(request(signerFor(ecLeaf))
                    .profileArn("arn:aws:rolesanywhere:us-east-1:123456789012:profile/does-not-exist").build()))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .satisfies(e -> assertThat(((ResourceNotFoundException) e).requestId()).isNotBlank());
        }
    }

    @Test
    void createSession_withAKeyThatDoesNotMatchTheCertificate_failsSignatureVerification() {
        IssuedCertificate other = root.issueClientCertificate(KeyType.EC_P256);
        Signer mismatched = new JcaTestSigner(other.privateKey(), ecLeaf.certificate(), Collections.emptyList());
        try (CreateSessionClient client = client().build()) {
            assertThatThrownBy(() -> client.createSession(request(mismatched).build()))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("private key belongs to the certificate")
                    .hasMessageContaining("debugLoggingEnabled(true)");
        }
        assertThat(emulator.requestLog().count()).isEqualTo(1);
    }

    @Test
    void createSession_withACertificateFromAnotherCa_isUntrusted() {
        IssuedCertificate stranger = TestCertificateAuthority.create().issueClientCertificate(KeyType.EC_P256);
        try (CreateSessionClient client = client().build()) {
            assertThatThrownBy(() -> client.createSession(request(signerFor(stranger)).build()))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("add the issuing CA to the trust anchor");
        }
    }

    @Test
    void createSession_withAnExpiredCertificate_saysToRenewIt() {
        IssuedCertificate expired = root.issueClientCertificate(CertificateTemplate.builder()
                .keyType(KeyType.EC_P256).notBefore(Instant.now().minus(Duration.ofDays(30)))
                .notAfter(Instant.now().minus(Duration.ofDays(1))).build());
        Signer signer = new JcaTestSigner(expired.privateKey(), expired.certificate(), Collections.emptyList());
        try (CreateSessionClient client = client().build()) {
            assertThatThrownBy(() -> client.createSession(request(signer).build()))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("outside its validity period");
        }
    }

    @Test
    void createSession_withARevokedCertificate_saysItIsRevoked() {
        IssuedCertificate revoked = root.issueClientCertificate(KeyType.EC_P256);
        emulator.revoke(revoked.serialNumber());
        try (CreateSessionClient client = client().build()) {
            assertThatThrownBy(() -> client.createSession(request(signerFor(revoked)).build()))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("has been revoked");
        }
    }

    @Test
    void createSession_withAClockTenMinutesSlow_pointsAtNtp() {
        Clock slow = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
        try (CreateSessionClient client = client().clock(slow).build()) {
            assertThatThrownBy(() -> client.createSession(request(signerFor(ecLeaf)).build()))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("synchronise this machine's clock (NTP)");
        }
    }

    @Test
    void createSession_withTheBodyChangedAfterSigning_failsSignatureVerification() {
        UnaryOperator<OutgoingRequest> tamper = r -> r.withBody(
                "{\"durationSeconds\":43200}".getBytes(StandardCharsets.UTF_8));
        try (CreateSessionClient client = client().afterSigning(tamper).build()) {
            assertThatThrownBy(() -> client.createSession(request(signerFor(ecLeaf)).build()))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("Invalid signature");
        }
    }

    @Test
    void createSession_withTheSerialRewrittenInHex_isDenied() {
        String decimal = ecLeaf.serialNumber().toString();
        String hex = ecLeaf.serialNumber().toString(16);
        UnaryOperator<OutgoingRequest> tamper = r -> r.withRequest(r.request().toBuilder()
                .putHeader("Authorization", r.request().firstMatchingHeader("Authorization").orElseThrow()
                        .replace("Credential=" + decimal + "/", "Credential=" + hex + "/"))
                .build());
        try (CreateSessionClient client = client().afterSigning(tamper).build()) {
            assertThatThrownBy(() -> client.createSession(request(signerFor(ecLeaf)).build()))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("serial number in decimal");
        }
    }

    @Test
    void createSession_withAChainHeaderAddedAfterSigning_isDenied() {
        IssuedCertificate leaf = intermediate.issueClientCertificate(KeyType.EC_P256);
        Signer withoutChain = PrivateKeySigner.create(leaf.privateKey(), leaf.certificate());
        String chain;
        try {
            chain = Base64.getEncoder().encodeToString(intermediate.certificate().getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        UnaryOperator<OutgoingRequest> tamper = r -> r.withRequest(r.request().toBuilder()
                .putHeader("X-Amz-X509-Chain", chain).build());
        try (CreateSessionClient client = client().afterSigning(tamper).build()) {
            assertThatThrownBy(() -> client.createSession(request(withoutChain).build()))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("changed the request after it was signed");
        }
    }

    @Test
    void createSession_after503_retriesWithAFreshDateAndSignature() {
        emulator.faults().serviceUnavailableNext(1);
        JcaTestSigner signer = new JcaTestSigner(ecLeaf.privateKey(), ecLeaf.certificate(), Collections.emptyList());
        Clock ticking = new MutableClock(Instant.now()).advanceOnEachRead(Duration.ofSeconds(1));
        try (CreateSessionClient client = client().clock(ticking).build()) {
            assertValidCredentials(client.createSession(request(signer).build()));
        }
        List<LoggedRequest> attempts = emulator.requestLog().entries();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).statusCode()).isEqualTo(503);
        assertThat(attempts.get(1).succeeded()).isTrue();
        assertThat(attempts.get(1).amzDate()).isNotEqualTo(attempts.get(0).amzDate());
        assertThat(attempts.get(1).signature()).isNotEqualTo(attempts.get(0).signature());
        assertThat(signer.currentCalls()).isEqualTo(2);
    }

    @Test
    void createSession_whenThrottledThenServed_retriesAndSucceeds() {
        emulator.faults().throttleNext(2);
        try (CreateSessionClient client = client().build()) {
            assertValidCredentials(client.createSession(request(signerFor(ecLeaf)).build()));
        }
        assertThat(emulator.requestLog().count()).isEqualTo(3);
    }

    @Test
    void createSession_whenTheServiceStaysDown_givesUpAfterMaxAttempts() {
        emulator.faults().internalErrorNext(4);
        try (CreateSessionClient client = client().maxAttempts(4).build()) {
            assertThatThrownBy(() -> client.createSession(request(signerFor(ecLeaf)).build()))
                    .isInstanceOf(ServiceUnavailableException.class)
                    .satisfies(e -> assertThat(((ServiceUnavailableException) e).statusCode()).isEqualTo(500));
        }
        assertThat(emulator.requestLog().count()).isEqualTo(4);
    }

    @Test
    void createSession_whenDenied_makesExactlyOneAttempt() {
        IssuedCertificate stranger = TestCertificateAuthority.create().issueClientCertificate(KeyType.EC_P256);
        try (CreateSessionClient client = client().maxAttempts(5).build()) {
            assertThatThrownBy(() -> client.createSession(request(signerFor(stranger)).build()))
                    .isInstanceOf(AccessDeniedException.class);
        }
        assertThat(emulator.requestLog().count()).isEqualTo(1);
    }

    @Test
    void createSession_whenTheConnectionDropsOnce_retriesAndSucceeds() {
        emulator.faults().dropConnectionNext(1);
        try (CreateSessionClient client = client().build()) {
            assertValidCredentials(client.createSession(request(signerFor(ecLeaf)).build()));
        }
        assertThat(emulator.requestLog().count()).isEqualTo(2);
    }

    @Test
    void createSession_whenEveryConnectionDrops_reportsAnIoErrorWithTheAttemptCount() {
        emulator.faults().dropConnectionNext(3);
        try (CreateSessionClient client = client().maxAttempts(3).build()) {
            assertThatThrownBy(() -> client.createSession(request(signerFor(ecLeaf)).build()))
                    .isInstanceOf(CreateSessionIoException.class)
                    .hasMessageContaining("failed after 3 attempt(s)")
                    .satisfies(e -> assertThat(((CreateSessionIoException) e).attempts()).isEqualTo(3));
        }
    }

    @Test
    void createSession_withATruncatedSuccessBody_failsWithoutRetryingOrLeakingTheBody() {
        emulator.faults().malformedBodyNext(1);
        try (CreateSessionClient client = client().build()) {
            assertThatThrownBy(() -> client.createSession(request(signerFor(ecLeaf)).build()))
                    .isInstanceOf(CreateSessionIoException.class)
                    .hasMessageContaining("answered HTTP 201 but the response cannot be read")
                    .hasMessageNotContaining("secretAccessKey");
        }
        assertThat(emulator.requestLog().count()).isEqualTo(1);
    }

    @Test
    void createSession_whenTheEndpointSmugglesALineIntoTheToken_refusesTheWholeResponse() {
        emulator.faults().hostileCredentialsNext(1);
        try (CreateSessionClient client = client().build()) {
            assertThatThrownBy(() -> client.createSession(request(signerFor(ecLeaf)).build()))
                    .isInstanceOf(MalformedCredentialsException.class)
                    .hasMessageContaining("answered HTTP 201 with credentials that were refused")
                    .hasMessageContaining("sessionToken")
                    .hasMessageContaining(emulator.endpoint().getHost())
                    .hasMessageNotContaining(FaultType.HOSTILE_LINE)
                    .satisfies(e -> assertThat(((MalformedCredentialsException) e).field()).isEqualTo("sessionToken"));
        }
        assertThat(emulator.requestLog().count()).isEqualTo(1);
    }

    @Test
    void createSession_withoutTrustingTheServerCertificate_failsTheTlsHandshake() {
        try (CreateSessionClient client = CreateSessionClient.builder().endpoint(emulator.endpoint())
                .maxAttempts(1).build()) {
            assertThatThrownBy(() -> client.createSession(request(signerFor(ecLeaf)).build()))
                    .isInstanceOf(CreateSessionIoException.class)
                    .hasMessageContaining("TLS certificate is trusted")
                    .hasRootCauseInstanceOf(CertPathBuilderException.class);
        }
        assertThat(emulator.requestLog().count()).isZero();
    }

    @Test
    void createSession_withTheServerCertificateInAPemBundle_succeeds(@TempDir
            Path tmp) {
        Path bundle = emulator.writeTrustBundle(tmp.resolve("ca.pem"));
        try (CreateSessionClient client = CreateSessionClient.builder().endpoint(emulator.endpoint())
                .caBundle(bundle).build()) {
            assertValidCredentials(client.createSession(request(signerFor(ecLeaf)).build()));
        }
    }

    @Test
    void createSession_withTrustAllCertificates_succeedsAgainstTheSelfSignedServer() {
        try (CreateSessionClient client = CreateSessionClient.builder().endpoint(emulator.endpoint())
                .trustAllCertificatesEnabled(true).build()) {
            assertValidCredentials(client.createSession(request(signerFor(ecLeaf)).build()));
        }
    }

    @Test
    void close_leavesACallersHttpClientOpen() {
        SdkHttpClient shared =
                UrlConnectionHttpClient.builder()
                        .tlsTrustManagersProvider(() -> trustManagers(emulator)).build();
        try {
            try (CreateSessionClient first = CreateSessionClient.builder().endpoint(emulator.endpoint())
                    .httpClient(shared).build()) {
                assertValidCredentials(first.createSession(request(signerFor(ecLeaf)).build()));
            }
            try (CreateSessionClient second = CreateSessionClient.builder().endpoint(emulator.endpoint())
                    .httpClient(shared).build()) {
                assertValidCredentials(second.createSession(request(signerFor(ecLeaf)).build()));
            }
        } finally {
            shared.close();
        }
        assertThat(emulator.requestLog().count()).isEqualTo(2);
    }

    private static TrustManager[] trustManagers(RolesAnywhereEmulator emulator) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            factory.init(emulator.trustStore());
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
