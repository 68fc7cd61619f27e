package dev.rolesanywhere.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.testing.MutableClock;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** The STS endpoint, exercised with the real SDK StsClient over HTTPS trusted through the emulator's trust store. */
class StsTest {
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private TestCertificateAuthority ca;
    private RolesAnywhereEmulator emulator;
    private HttpClient http;
    private SdkHttpClient sdkHttp;

    @BeforeEach
    void start() throws Exception {
        ca = TestCertificateAuthority.create();
        emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).clock(clock)
                .credentialLifetime(Duration.ofMinutes(15)).build().start();
        http = EmulatorHttp.client(emulator);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(emulator.trustStore());
        sdkHttp = UrlConnectionHttpClient.builder().tlsTrustManagersProvider(trust::getTrustManagers).build();
    }

    @AfterEach
    void stop() {
        sdkHttp.close();
        emulator.close();
    }

    private IssuedCredentials createSession() throws Exception {
        return IssuedCredentials.from(new TestCreateSessionRequest(emulator, http, ca.issueClientCertificate())
                .signingTime(clock.instant()).send());
    }

    private StsClient sts(String accessKeyId, String secret, String token) {
        return StsClient.builder().httpClient(sdkHttp).region(Region.US_EAST_1)
                .endpointOverride(emulator.stsEndpoint())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsSessionCredentials.create(accessKeyId, secret, token)))
                .build();
    }

    @Test
    void getCallerIdentity_withIssuedCredentials_returnsTheAssumedRole() throws Exception {
        IssuedCredentials credentials = createSession();
        try (StsClient sts = sts(credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken)) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            assertThat(identity.arn()).isEqualTo(credentials.assumedRoleArn)
                    .startsWith("arn:aws:sts::123456789012:assumed-role/" + RolesAnywhereEmulator.DEFAULT_ROLE_NAME
                            + "/");
            assertThat(identity.account()).isEqualTo("123456789012");
            assertThat(identity.userId()).isEqualTo(credentials.assumedRoleId);
        }
    }

    @Test
    void getCallerIdentity_withWrongSecret_failsWithSignatureDoesNotMatch() throws Exception {
        IssuedCredentials credentials = createSession();
        String wrongSecret = credentials.secretAccessKey.substring(1) + "x";
        try (StsClient sts = sts(credentials.accessKeyId, wrongSecret, credentials.sessionToken)) {
            assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            });
        }
    }

    @Test
    void getCallerIdentity_scopedToAnotherRegion_failsWithSignatureDoesNotMatch() throws Exception {
        IssuedCredentials credentials = createSession();
        try (StsClient sts = StsClient.builder().httpClient(sdkHttp).region(Region.EU_WEST_1)
                .endpointOverride(emulator.stsEndpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken)))
                .build()) {
            assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                assertThat(e.awsErrorDetails().errorMessage()).contains("eu-west-1");
            });
        }
    }

    @Test
    void getCallerIdentity_withUnknownAccessKey_failsWithInvalidClientTokenId() throws Exception {
        IssuedCredentials credentials = createSession();
        try (StsClient sts = sts("ASIAUNKNOWNUNKNOWN00", credentials.secretAccessKey, credentials.sessionToken)) {
            assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e ->
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
        }
    }

    @Test
    void getCallerIdentity_withAnotherSessionsToken_failsWithInvalidClientTokenId() throws Exception {
        IssuedCredentials first = createSession();
        IssuedCredentials second = createSession();
        try (StsClient sts = sts(first.accessKeyId, first.secretAccessKey, second.sessionToken)) {
            assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e ->
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
        }
    }

    @Test
    void getCallerIdentity_afterCredentialLifetime_failsWithExpiredToken() throws Exception {
        IssuedCredentials credentials = createSession();
        assertThat(credentials.expiration).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        // Expiry is judged before the signing time, so moving only the emulator's clock past expiry is enough.
        clock.advance(Duration.ofMinutes(15));
        try (StsClient sts = sts(credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken)) {
            assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e ->
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken"));
        }
    }
}
