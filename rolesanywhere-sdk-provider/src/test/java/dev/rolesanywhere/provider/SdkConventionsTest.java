package dev.rolesanywhere.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.AccessDeniedException;
import dev.rolesanywhere.core.CreateSessionIoException;
import dev.rolesanywhere.core.keys.PrivateKeySigner;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.LoggedRequest;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.emulator.junit5.RolesAnywhereEmulatorExtension;
import dev.rolesanywhere.testing.LogCapture;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The provider behaves as the AWS SDK's own providers do: what it puts into the SDK's User-Agent, what it sends as its
 * own, the exceptions an SDK client's caller sees, and {@code create()} in a provider chain.
 */
class SdkConventionsTest {
    private static final Pattern BUSINESS_METRICS = Pattern.compile("(?:^| )m/([^ ]*)");

    @RegisterExtension
    static final RolesAnywhereEmulatorExtension EMULATOR = RolesAnywhereEmulatorExtension.builder().build();

    static SdkHttpClient http;

    @TempDir
    Path dir;

    private final Map<String, String> savedProperties = new LinkedHashMap<>();

    @BeforeAll
    static void startHttp() {
        http = EmulatorClients.trustingHttpClient(EMULATOR.emulator());
    }

    @AfterAll
    static void closeHttp() {
        http.close();
    }

    @AfterEach
    void restoreSystemProperties() {
        savedProperties.forEach((key, previous) -> {
            if (previous == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, previous);
            }
        });
    }

    private void setSystemProperty(String key, String value) {
        savedProperties.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    private static RolesAnywhereEmulator emulator() {
        return EMULATOR.emulator();
    }

    private RolesAnywhereCredentialsProvider.Builder configured(IssuedCertificate leaf) {
        return RolesAnywhereCredentialsProvider.builder()
                .trustAnchorArn(emulator().trustAnchorArn())
                .profileArn(emulator().profileArn())
                .roleArn(emulator().roleArn())
                .endpoint(emulator().endpoint())
                .httpClient(http)
                .certificate(leaf.writeCertificatePem(dir.resolve("leaf.pem")).toString())
                .privateKey(leaf.writePrivateKeyPem(dir.resolve("leaf.key")).toString());
    }

    @Test
    void createSession_sendsAUserAgentNamingTheLibraryItsVersionAndTheKeySourceKind() {
        emulator().requestLog().clear();
        try (RolesAnywhereCredentialsProvider provider =
                configured(EMULATOR.certificateAuthority().issueClientCertificate()).build()) {
            provider.resolveCredentials();
        }
        LoggedRequest request = emulator().requestLog().last().get();
        assertThat(request.userAgent()).hasValueSatisfying(userAgent -> assertThat(userAgent)
                .matches("rolesanywhere-java/[0-9][0-9A-Za-z.+_-]* \\(key/file; java/[0-9][^;]*; [a-z0-9_.+-]+/[A-Za-z0-9_.+-]+\\)"));
    }

    @Test
    void createSession_withAKeyObjectSigner_namesThatKind_notTheCertificate() {
        IssuedCertificate leaf = EMULATOR.certificateAuthority().issueClientCertificate();
        emulator().requestLog().clear();
        try (RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.builder()
                .trustAnchorArn(emulator().trustAnchorArn())
                .profileArn(emulator().profileArn())
                .roleArn(emulator().roleArn())
                .endpoint(emulator().endpoint())
                .httpClient(http)
                .signer(PrivateKeySigner.create(leaf.privateKey(), leaf.certificate()))
                .build()) {
            provider.resolveCredentials();
        }
        String userAgent = emulator().requestLog().last().get().userAgent().get();
        assertThat(userAgent).contains("(key/key; ").doesNotContain(leaf.serialNumber().toString());
    }

    @Test
    void stsRequests_carryOnlyTheSdksOwnFeatureIdsInTheBusinessMetrics() {
        List<String> userAgents = Collections.synchronizedList(new ArrayList<>());
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                context.httpRequest().firstMatchingHeader("User-Agent").ifPresent(userAgents::add);
            }
        };
        try (RolesAnywhereCredentialsProvider provider =
                        configured(EMULATOR.certificateAuthority().issueClientCertificate()).build();
                StsClient sts = EmulatorClients.sts(emulator(), http).credentialsProvider(provider)
                        .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build()) {
            assertThat(sts.getCallerIdentity().account()).isEqualTo(emulator().accountId());
        }
        assertThat(userAgents).hasSize(1);
        Matcher metrics = BUSINESS_METRICS.matcher(userAgents.get(0));
        assertThat(metrics.find()).as("an m/ field in %s", userAgents.get(0)).isTrue();
        assertThat(metrics.group(1).split(","))
                .as("business metrics are the SDK's short feature ids, never a provider's class name")
                .allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9+-]{1,3}"));
        assertThat(userAgents.get(0)).doesNotContain("RolesAnywhere");
    }

    @Test
    void stsClient_whenCreateSessionIsDenied_throwsAnSdkClientException_withTheTypedCause() {
        IssuedCertificate stranger = TestCertificateAuthority.create().issueClientCertificate();
        try (RolesAnywhereCredentialsProvider provider = configured(stranger).build();
                StsClient sts = EmulatorClients.sts(emulator(), http, provider)) {
            assertThatThrownBy(sts::getCallerIdentity)
                    .isInstanceOf(SdkException.class)
                    .isInstanceOfSatisfying(SdkClientException.class, e -> {
                        assertThat(e.retryable()).as("an untrusted certificate needs a fix, not a retry").isFalse();
                        assertThat(e).hasCauseInstanceOf(AccessDeniedException.class);
                        assertThat(e.getMessage()).isEqualTo(e.getCause().getMessage());
                    });
        }
    }

    @Test
    void stsClient_whenTheEndpointIsUnreachable_throwsARetryableSdkClientException() throws IOException {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = URI.create("https://127.0.0.1:" + socket.getLocalPort());
        }
        try (RolesAnywhereCredentialsProvider provider = configured(EMULATOR.certificateAuthority()
                        .issueClientCertificate()).endpoint(closedPort).build();
                StsClient sts = EmulatorClients.sts(emulator(), http, provider)) {
            assertThatThrownBy(sts::getCallerIdentity)
                    .isInstanceOfSatisfying(SdkClientException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e).hasCauseInstanceOf(CreateSessionIoException.class);
                    });
        }
    }

    @Test
    void create_withNothingConfigured_doesNotThrow_andAChainMovesOnToItsNextProvider() throws IOException {
        Path config = Files.write(dir.resolve("config"), "[profile other]\nregion = eu-west-1\n"
                .getBytes(StandardCharsets.UTF_8));
        setSystemProperty("aws.configFile", config.toString());
        setSystemProperty("aws.profile", "default");

        RolesAnywhereCredentialsProvider rolesAnywhere = RolesAnywhereCredentialsProvider.create();
        // Not closed here: closing a chain closes its providers.
        AwsCredentialsProviderChain chain = AwsCredentialsProviderChain.builder()
                .credentialsProviders(rolesAnywhere,
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDNEXT", "not-a-secret")))
                .build();
        assertThat(chain.resolveCredentials().accessKeyId()).isEqualTo("AKIDNEXT");
        assertThatThrownBy(rolesAnywhere::resolveCredentials)
                .isInstanceOf(SdkClientException.class)
                .hasMessageContaining("No IAM Roles Anywhere configuration found")
                .hasMessageContaining("profile 'default'");
        assertThat(rolesAnywhere.lastRefreshFailure()).isPresent();
        chain.close();
        assertThat(rolesAnywhere.isClosed()).isTrue();
    }

    @Test
    void create_readsTheProfileNamedByAwsProfile_atFirstUse() throws IOException {
        IssuedCertificate leaf = EMULATOR.certificateAuthority().issueClientCertificate();
        Path config = Files.write(dir.resolve("config"), ("[profile workload]\n"
                + "credential_process = aws_signing_helper credential-process"
                + " --certificate " + leaf.writeCertificatePem(dir.resolve("workload.pem"))
                + " --private-key " + leaf.writePrivateKeyPem(dir.resolve("workload.key"))
                + " --trust-anchor-arn " + emulator().trustAnchorArn()
                + " --profile-arn " + emulator().profileArn()
                + " --role-arn " + emulator().roleArn()
                + " --endpoint " + emulator().endpoint() + "\n"
                + "rolesanywhere_ca_bundle = " + emulator().writeTrustBundle(dir.resolve("ca.pem")) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        setSystemProperty("aws.configFile", config.toString());
        setSystemProperty("aws.profile", "default");

        try (RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.create()) {
            // Read at first use: the profile named now is the one that counts.
            setSystemProperty("aws.profile", "workload");
            assertThat(provider.toString()).contains("read at first use");
            try (StsClient sts = EmulatorClients.sts(emulator(), http, provider)) {
                assertThat(sts.getCallerIdentity().account()).isEqualTo(emulator().accountId());
            }
            assertThat(provider.toString()).contains(emulator().roleArn());
        }
    }

    @Test
    void create_readsTheDefaultProfilesRolesAnywhereKeys() throws IOException {
        IssuedCertificate leaf = EMULATOR.certificateAuthority().issueClientCertificate();
        Path config = Files.write(dir.resolve("config"), ("[default]\n"
                + "rolesanywhere_certificate = " + leaf.writeCertificatePem(dir.resolve("d.pem")) + "\n"
                + "rolesanywhere_private_key = " + leaf.writePrivateKeyPem(dir.resolve("d.key")) + "\n"
                + "rolesanywhere_trust_anchor_arn = " + emulator().trustAnchorArn() + "\n"
                + "rolesanywhere_profile_arn = " + emulator().profileArn() + "\n"
                + "rolesanywhere_role_arn = " + emulator().roleArn() + "\n"
                + "rolesanywhere_endpoint = " + emulator().endpoint() + "\n"
                + "rolesanywhere_ca_bundle = " + emulator().writeTrustBundle(dir.resolve("ca.pem")) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        setSystemProperty("aws.configFile", config.toString());
        setSystemProperty("aws.profile", "default");

        try (RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.create()) {
            assertThat(provider.resolveCredentials().accessKeyId()).startsWith("ASIA");
        }
    }

    @Test
    void closedProvider_inAChain_isReportedOnce_notSkippedSilently() {
        RolesAnywhereCredentialsProvider provider =
                configured(EMULATOR.certificateAuthority().issueClientCertificate()).build();
        provider.close();
        try (LogCapture log = new LogCapture();
                AwsCredentialsProviderChain chain = AwsCredentialsProviderChain.builder()
                        .reuseLastProviderEnabled(false)
                        .credentialsProviders(provider,
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDNEXT", "x")))
                        .build()) {
            chain.resolveCredentials();
            chain.resolveCredentials();
            assertThat(log.count("was asked for credentials after close()")).isEqualTo(1);
            assertThat(log.text()).contains("WARN");
        }
    }

    @Test
    void closedProvider_thatAChainAlreadyUses_failsTheChain() {
        RolesAnywhereCredentialsProvider provider =
                configured(EMULATOR.certificateAuthority().issueClientCertificate()).build();
        try (AwsCredentialsProviderChain chain = AwsCredentialsProviderChain.builder()
                .credentialsProviders(provider,
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDNEXT", "x")))
                .build()) {
            assertThat(chain.resolveCredentials().accessKeyId()).startsWith("ASIA");
            provider.close();
            assertThatThrownBy(chain::resolveCredentials).isInstanceOf(ProviderClosedException.class)
                    .isInstanceOf(SdkClientException.class);
        }
    }
}
