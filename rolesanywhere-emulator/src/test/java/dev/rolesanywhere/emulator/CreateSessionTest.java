package dev.rolesanywhere.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.testing.MutableClock;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** CreateSession acceptance and every rejection, through real HTTPS with an independent test-side signer. */
class CreateSessionTest {
    private static final String OTHER_ROLE = "arn:aws:iam::123456789012:role/other-role";
    private static final String NAMED_ROLE = "arn:aws:iam::123456789012:role/named-sessions";
    private static final String CAPPED_PROFILE =
            "arn:aws:rolesanywhere:us-east-1:123456789012:profile/11111111-2222-3333-4444-555555555555";
    private static final String NAMING_PROFILE =
            "arn:aws:rolesanywhere:us-east-1:123456789012:profile/66666666-7777-8888-9999-000000000000";

    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static TestCertificateAuthority ca;
    static TestCertificateAuthority otherCa;
    static IssuedCertificate revoked;
    static RolesAnywhereEmulator emulator;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCertificateAuthority.builder().clock(CLOCK).build();
        otherCa = TestCertificateAuthority.builder().clock(CLOCK).build();
        revoked = ca.issueClientCertificate();
        emulator = RolesAnywhereEmulator.builder()
                .trustAnchor(ca.certificate())
                .trustAnchor(otherCa.certificate())
                .profile(EmulatedProfile.builder().build())
                .profile(EmulatedProfile.builder().arn(CAPPED_PROFILE).durationSeconds(1800).build())
                .profile(EmulatedProfile.builder().arn(NAMING_PROFILE).roleArn(NAMED_ROLE)
                        .acceptRoleSessionName(true).build())
                .revokedSerial(revoked.serialNumber())
                .clock(CLOCK)
                .build().start();
        http = EmulatorHttp.client(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void resetLog() {
        emulator.requestLog().clear();
    }

    private static TestCreateSessionRequest request(IssuedCertificate signer) {
        return new TestCreateSessionRequest(emulator, http, signer).signingTime(CLOCK.instant());
    }

    private static void assertError(HttpResponse<String> response, int status, String type, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(JsonNode.parser().parse(response.body()).field("message").get().asString()).contains(messagePart);
        LoggedRequest logged = emulator.requestLog().last().orElseThrow();
        assertThat(logged.statusCode()).isEqualTo(status);
        assertThat(logged.errorType()).hasValue(type);
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void createSession_withEachKeyType_issuesCredentials(KeyType keyType) throws Exception {
        IssuedCertificate client = ca.issueClientCertificate(keyType);
        HttpResponse<String> response = request(client).send();
        IssuedCredentials credentials = IssuedCredentials.from(response);
        assertThat(credentials.accessKeyId).matches("ASIA[A-Z2-7]{16}");
        assertThat(emulator.requestLog().last().orElseThrow().algorithm())
                .hasValue(TestCreateSessionRequest.algorithmFor(client.certificate()));
    }

    @Test
    void createSession_answersLikeTheService() throws Exception {
        IssuedCertificate client = ca.issueClientCertificate(
                CertificateTemplate.builder().subject("CN=device-7,O=Example").build());
        HttpResponse<String> response = request(client).send();
        IssuedCredentials credentials = IssuedCredentials.from(response);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(credentials.secretAccessKey).hasSize(40);
        assertThat(credentials.sessionToken).isNotBlank();
        assertThat(credentials.expiration).isEqualTo(CLOCK.instant().plus(Duration.ofHours(1)));
        assertThat(credentials.expirationText).endsWith("Z").doesNotContain(".");
        assertThat(credentials.roleArn).isEqualTo(emulator.roleArn());
        String sessionName = client.serialNumber().toString(16);
        assertThat(credentials.assumedRoleArn).isEqualTo("arn:aws:sts::123456789012:assumed-role/"
                + RolesAnywhereEmulator.DEFAULT_ROLE_NAME + "/" + sessionName);
        assertThat(credentials.assumedRoleId).matches("AROA[A-Z0-9]{17}:" + sessionName);
        assertThat(credentials.sourceIdentity).isEqualTo("CN=device-7,O=Example");
        assertThat(credentials.subjectArn).startsWith("arn:aws:rolesanywhere:us-east-1:123456789012:subject/");
        assertThat(response.headers().firstValue("x-amzn-RequestId"))
                .hasValue(emulator.requestLog().last().orElseThrow().requestId());
    }

    @Test
    void createSession_recordsTheAttemptInTheRequestLog() throws Exception {
        IssuedCertificate client = ca.issueClientCertificate(KeyType.RSA_2048);
        request(client).send();
        assertThat(emulator.requestLog().count()).isEqualTo(1);
        LoggedRequest logged = emulator.requestLog().entries().get(0);
        assertThat(logged.receivedAt()).isEqualTo(CLOCK.instant());
        assertThat(logged.algorithm()).hasValue("AWS4-X509-RSA-SHA256");
        assertThat(logged.serialNumber()).hasValue(client.serialNumber().toString());
        assertThat(logged.signedHeaders()).containsExactly("content-type", "host", "x-amz-date", "x-amz-x509");
        assertThat(logged.signature().orElseThrow()).matches("[0-9a-f]{512}");
        assertThat(logged.amzDate().orElseThrow()).matches("\\d{8}T\\d{6}Z");
        assertThat(logged.statusCode()).isEqualTo(201);
        assertThat(logged.fault()).isEmpty();
        assertThat(logged.trustAnchorArn()).hasValue(emulator.trustAnchorArn());
        assertThat(logged.profileArn()).hasValue(emulator.profileArn());
        assertThat(logged.roleArn()).hasValue(emulator.roleArn());
        assertThat(logged.durationSeconds()).isEmpty();
        assertThat(logged.roleSessionName()).isEmpty();
        assertThat(logged.accessKeyId().orElseThrow()).startsWith("ASIA");
        emulator.requestLog().clear();
        assertThat(emulator.requestLog().count()).isZero();
    }

    @Test
    void createSession_withIntermediateChain_isAccepted() throws Exception {
        TestCertificateAuthority intermediate = ca.issueIntermediate(KeyType.RSA_2048).issueIntermediate();
        IssuedCertificate client = intermediate.issueClientCertificate(KeyType.EC_P384);
        assertThat(client.intermediates()).hasSize(2);
        IssuedCredentials.from(request(client).send());
        assertThat(emulator.requestLog().last().orElseThrow().signedHeaders()).contains("x-amz-x509-chain");
    }

    @Test
    void createSession_withArnsInTheBody_isAccepted() throws Exception {
        IssuedCredentials.from(request(ca.issueClientCertificate()).arnsInBody().durationSeconds(900).send());
    }

    @Test
    void createSession_withSecondTrustAnchor_isAccepted() throws Exception {
        String secondAnchor = emulator.trustAnchors().keySet().toArray(new String[0])[1];
        IssuedCredentials.from(request(otherCa.issueClientCertificate()).trustAnchorArn(secondAnchor).send());
    }

    @Test
    void createSession_signedWithAnotherKey_isRejectedAsInvalidSignature() throws Exception {
        IssuedCertificate client = ca.issueClientCertificate();
        IssuedCertificate impostor = ca.issueClientCertificate();
        assertError(request(client).signingKey(impostor.privateKey()).send(), 403, "AccessDeniedException",
                "Invalid signature");
        LoggedRequest logged = emulator.requestLog().last().orElseThrow();
        assertThat(logged.canonicalRequest().orElseThrow()).startsWith("POST\n/sessions\nprofileArn=arn%3Aaws%3A")
                .contains("\nx-amz-date:" + logged.amzDate().orElseThrow() + "\n");
        assertThat(logged.stringToSign().orElseThrow()).startsWith("AWS4-X509-ECDSA-SHA256\n"
                + logged.amzDate().orElseThrow() + "\n");
    }

    @Test
    void createSession_withTamperedBody_isRejectedAsInvalidSignature() throws Exception {
        assertError(request(ca.issueClientCertificate()).durationSeconds(900).sendBodyInstead("{\"durationSeconds\":901}")
                .send(), 403, "AccessDeniedException", "Invalid signature");
    }

    @Test
    void createSession_withRawEcdsaSignatureInsteadOfDer_isRejectedAsInvalidSignature() throws Exception {
        // PKCS#11 CKM_ECDSA returns r||s; the protocol wants DER. A client that forgets to convert must fail here.
        assertError(request(ca.issueClientCertificate(KeyType.EC_P256)).signatureTransform(CreateSessionTest::derToRaw)
                .send(), 403, "AccessDeniedException", "Invalid signature");
    }

    private static byte[] derToRaw(byte[] der) {
        org.bouncycastle.asn1.ASN1Sequence sequence = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
        byte[] raw = new byte[64];
        for (int i = 0; i < 2; i++) {
            byte[] value = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32,
                    org.bouncycastle.asn1.ASN1Integer.getInstance(sequence.getObjectAt(i)).getValue());
            System.arraycopy(value, 0, raw, 32 * i, 32);
        }
        return raw;
    }

    @Test
    void createSession_withRootCaInTheChainHeader_isAccepted() throws Exception {
        IssuedCertificate client = ca.issueIntermediate().issueClientCertificate();
        IssuedCredentials.from(request(client).appendToChain(ca.certificate()).send());
    }

    @Test
    void createSession_withIntermediatesOutOfOrder_isAccepted() throws Exception {
        IssuedCertificate client = ca.issueIntermediate().issueIntermediate().issueIntermediate()
                .issueClientCertificate();
        java.util.List<java.security.cert.X509Certificate> reversed = new java.util.ArrayList<>(client.intermediates());
        java.util.Collections.reverse(reversed);
        IssuedCredentials.from(request(client).chain(reversed).send());
    }

    @Test
    void createSession_withAnUnrelatedCertificateInTheChain_isRejected() throws Exception {
        IssuedCertificate client = ca.issueIntermediate().issueClientCertificate();
        assertError(request(client).appendToChain(otherCa.issueIntermediate().certificate()).send(), 403,
                "AccessDeniedException", "Untrusted signing certificate");
    }

    @Test
    void createSession_withRevokedIntermediate_isRejected() throws Exception {
        TestCertificateAuthority intermediate = ca.issueIntermediate();
        IssuedCertificate client = intermediate.issueClientCertificate();
        IssuedCredentials.from(request(client).send());
        emulator.revoke(intermediate.certificate().getSerialNumber());
        assertError(request(client).send(), 403, "AccessDeniedException", "is revoked");
    }

    @Test
    void createSession_withCertificateFromUntrustedCa_isRejected() throws Exception {
        IssuedCertificate stranger = TestCertificateAuthority.create().issueClientCertificate();
        assertError(request(stranger).send(), 403, "AccessDeniedException", "Untrusted signing certificate");
    }

    @Test
    void createSession_withCertificateOfTheOtherAnchor_isRejectedForThisAnchor() throws Exception {
        assertError(request(otherCa.issueClientCertificate()).send(), 403, "AccessDeniedException",
                "Untrusted signing certificate");
    }

    @Test
    void createSession_withIntermediateMissingFromChain_isRejected() throws Exception {
        IssuedCertificate client = ca.issueIntermediate().issueClientCertificate();
        assertError(request(stripChain(client)).send(), 403, "AccessDeniedException", "Untrusted signing certificate");
    }

    private static IssuedCertificate stripChain(IssuedCertificate client) {
        return new IssuedCertificate(client.certificate(), client.publicKey(), client.privateKey(),
                java.util.Collections.emptyList(), client.rootCertificate());
    }

    @Test
    void createSession_withExpiredCertificate_isRejected() throws Exception {
        IssuedCertificate expired = ca.issueClientCertificate(CertificateTemplate.builder()
                .notBefore(CLOCK.instant().minus(Duration.ofDays(2)))
                .notAfter(CLOCK.instant().minus(Duration.ofSeconds(1))).build());
        assertError(request(expired).send(), 403, "AccessDeniedException", "Certificate is expired");
    }

    @Test
    void createSession_withNotYetValidCertificate_isRejected() throws Exception {
        IssuedCertificate future = ca.issueClientCertificate(CertificateTemplate.builder()
                .notBefore(CLOCK.instant().plus(Duration.ofHours(1)))
                .notAfter(CLOCK.instant().plus(Duration.ofDays(2))).build());
        assertError(request(future).send(), 403, "AccessDeniedException", "not yet valid");
    }

    @Test
    void createSession_withVersion1Certificate_isRejected() throws Exception {
        IssuedCertificate v1 = ca.issueClientCertificate(CertificateTemplate.builder().version(1).build());
        assertError(request(v1).send(), 403, "AccessDeniedException", "version 1");
    }

    @Test
    void createSession_withRevokedSerial_isRejected() throws Exception {
        assertError(request(revoked).send(), 403, "AccessDeniedException", "revoked");
    }

    @Test
    void createSession_afterRevocationAtRuntime_isRejected() throws Exception {
        IssuedCertificate client = ca.issueClientCertificate();
        IssuedCredentials.from(request(client).send());
        emulator.revoke(client.serialNumber());
        assertError(request(client).send(), 403, "AccessDeniedException", "revoked");
    }

    @Test
    void createSession_signedMoreThanFiveMinutesAway_isRejectedAsSignatureExpired() throws Exception {
        IssuedCertificate client = ca.issueClientCertificate();
        assertError(request(client).signingTime(CLOCK.instant().plus(Duration.ofMinutes(5)).plusSeconds(1)).send(),
                403, "AccessDeniedException", "Signature expired");
        assertError(request(client).signingTime(CLOCK.instant().minus(Duration.ofMinutes(6))).send(),
                403, "AccessDeniedException", "Signature expired");
    }

    @Test
    void createSession_signedWithinFiveMinutes_isAccepted() throws Exception {
        IssuedCertificate client = ca.issueClientCertificate();
        IssuedCredentials.from(request(client).signingTime(CLOCK.instant().plus(Duration.ofMinutes(5))).send());
        IssuedCredentials.from(request(client).signingTime(CLOCK.instant().minus(Duration.ofMinutes(4))).send());
    }

    @Test
    void createSession_withHexSerial_isRejected() throws Exception {
        IssuedCertificate client = ca.issueClientCertificate();
        assertError(request(client).serial(client.serialNumber().toString(16)).send(), 403,
                "AccessDeniedException", "not decimal");
    }

    @Test
    void createSession_withAnotherCertificatesSerial_isRejected() throws Exception {
        IssuedCertificate client = ca.issueClientCertificate();
        assertError(request(client).serial(client.serialNumber().add(BigInteger.ONE).toString()).send(), 403,
                "AccessDeniedException", "does not match");
    }

    @Test
    void createSession_withUnsignedChainHeader_isRejected() throws Exception {
        IssuedCertificate client = ca.issueIntermediate().issueClientCertificate();
        assertError(request(client).chainHeaderUnsigned().send(), 403, "AccessDeniedException",
                "'x-amz-x509-chain' is sent but not signed");
    }

    @Test
    void createSession_withRequiredHeaderNotSigned_isRejected() throws Exception {
        for (String header : Arrays.asList("host", "x-amz-date", "x-amz-x509")) {
            assertError(request(ca.issueClientCertificate()).leaveUnsigned(header).send(), 403,
                    "AccessDeniedException", "'" + header + "' must be signed");
        }
    }

    @Test
    void createSession_withAlgorithmNotMatchingTheKey_isRejected() throws Exception {
        assertError(request(ca.issueClientCertificate(KeyType.EC_P256)).algorithm("AWS4-X509-RSA-SHA256").send(),
                403, "AccessDeniedException", "use AWS4-X509-ECDSA-SHA256");
        assertError(request(ca.issueClientCertificate()).algorithm("AWS4-HMAC-SHA256").send(),
                403, "AccessDeniedException", "Unsupported signing algorithm");
    }

    @Test
    void createSession_withWrongRegionInScope_isRejected() throws Exception {
        assertError(request(ca.issueClientCertificate()).region("eu-west-1").send(), 403, "AccessDeniedException",
                "this endpoint serves 'us-east-1'");
    }

    @Test
    void createSession_withRoleNotInProfile_isRejected() throws Exception {
        assertError(request(ca.issueClientCertificate()).roleArn(OTHER_ROLE).send(), 403, "AccessDeniedException",
                "Role is not allowed by profile");
    }

    @Test
    void createSession_withDurationOutOfRange_isRejected() throws Exception {
        for (int duration : new int[] {899, 43201, 0, -1}) {
            assertError(request(ca.issueClientCertificate()).durationSeconds(duration).send(), 400,
                    "ValidationException", "between 900 and 43200");
        }
    }

    @Test
    void createSession_withDurationAtTheLimits_isAccepted() throws Exception {
        IssuedCredentials shortest = IssuedCredentials.from(
                request(ca.issueClientCertificate()).durationSeconds(900).send());
        IssuedCredentials longest = IssuedCredentials.from(
                request(ca.issueClientCertificate()).durationSeconds(43200).send());
        assertThat(shortest.expiration).isEqualTo(CLOCK.instant().plusSeconds(900));
        assertThat(longest.expiration).isEqualTo(CLOCK.instant().plusSeconds(43200));
    }

    @Test
    void createSession_withDurationAboveTheProfileCap_isRejected() throws Exception {
        assertError(request(ca.issueClientCertificate()).profileArn(CAPPED_PROFILE).durationSeconds(1801).send(), 400,
                "ValidationException", "maximum of 1800");
        IssuedCredentials capped = IssuedCredentials.from(
                request(ca.issueClientCertificate()).profileArn(CAPPED_PROFILE).send());
        assertThat(capped.expiration).isEqualTo(CLOCK.instant().plusSeconds(1800));
    }

    @Test
    void createSession_withSessionNameTheProfileRefuses_isRejected() throws Exception {
        assertError(request(ca.issueClientCertificate()).roleSessionName("my-session").send(), 403,
                "AccessDeniedException", "Session name not permitted");
    }

    @Test
    void createSession_withSessionNameTheProfileAccepts_namesTheSession() throws Exception {
        IssuedCredentials credentials = IssuedCredentials.from(request(ca.issueClientCertificate())
                .profileArn(NAMING_PROFILE).roleArn(NAMED_ROLE).roleSessionName("build@ci-42").durationSeconds(1200)
                .send());
        LoggedRequest logged = emulator.requestLog().last().orElseThrow();
        assertThat(logged.roleSessionName()).hasValue("build@ci-42");
        assertThat(logged.durationSeconds()).hasValue(1200);
        assertThat(logged.accessKeyId()).hasValue(credentials.accessKeyId);
        assertThat(logged.toString()).doesNotContain(credentials.secretAccessKey)
                .doesNotContain(credentials.sessionToken);
        assertThat(credentials.assumedRoleArn)
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/named-sessions/build@ci-42");
    }

    @Test
    void createSession_withMalformedSessionName_isRejected() throws Exception {
        for (String name : Arrays.asList("x", "has space", "a".repeat(65), "semi;colon")) {
            assertError(request(ca.issueClientCertificate()).profileArn(NAMING_PROFILE).roleArn(NAMED_ROLE)
                    .roleSessionName(name).send(), 400, "ValidationException", "roleSessionName");
        }
    }

    @Test
    void createSession_withUnknownArns_isRejectedAsNotFound() throws Exception {
        assertError(request(ca.issueClientCertificate()).trustAnchorArn(
                "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/00000000-0000-0000-0000-000000000000")
                .send(), 404, "ResourceNotFoundException", "Trust anchor");
        assertError(request(ca.issueClientCertificate()).profileArn(
                "arn:aws:rolesanywhere:us-east-1:123456789012:profile/00000000-0000-0000-0000-000000000000")
                .send(), 404, "ResourceNotFoundException", "Profile");
    }

    @Test
    void createSession_atAnotherPath_isRejectedAsUnknownOperation() throws Exception {
        assertError(request(ca.issueClientCertificate()).path("/session").send(), 404, "UnknownOperationException",
                "POST /sessions");
    }
}
