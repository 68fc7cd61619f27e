package dev.rolesanywhere.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.keys.PrivateKeySigner;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.emulator.junit5.RolesAnywhereEmulatorExtension;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

class RolesAnywhereAutoConfigurationTest {

    @RegisterExtension
    static final RolesAnywhereEmulatorExtension EMULATOR = RolesAnywhereEmulatorExtension.builder().build();

    @TempDir
    Path dir;

    private Path certificate;
    private Path privateKey;
    private Path trustBundle;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RolesAnywhereAutoConfiguration.class,
                    RolesAnywhereHealthAutoConfiguration.class));

    @BeforeEach
    void writeFiles() {
        IssuedCertificate leaf = EMULATOR.certificateAuthority().issueClientCertificate(KeyType.EC_P256);
        certificate = leaf.writeCertificatePem(dir.resolve("client.pem"));
        privateKey = leaf.writePrivateKeyPem(dir.resolve("client.key"));
        trustBundle = emulator().writeTrustBundle(dir.resolve("emulator-ca.pem"));
    }

    private static RolesAnywhereEmulator emulator() {
        return EMULATOR.emulator();
    }

    /** Enabled, with the emulator's ARNs and endpoint, but no TLS trust (for a caller-supplied HTTP client). */
    private ApplicationContextRunner enabledWithoutTrust() {
        return runner.withPropertyValues(
                "aws.rolesanywhere.enabled=true",
                "aws.rolesanywhere.trust-anchor-arn=" + emulator().trustAnchorArn(),
                "aws.rolesanywhere.profile-arn=" + emulator().profileArn(),
                "aws.rolesanywhere.role-arn=" + emulator().roleArn(),
                "aws.rolesanywhere.endpoint=" + emulator().endpoint());
    }

    private ApplicationContextRunner enabled() {
        return enabledWithoutTrust().withPropertyValues("aws.rolesanywhere.ca-bundle=" + trustBundle);
    }

    private ApplicationContextRunner enabledWithFiles() {
        return enabled().withPropertyValues(
                "aws.rolesanywhere.certificate=" + certificate,
                "aws.rolesanywhere.private-key=" + privateKey);
    }

    @Test
    void withoutEnabledProperty_configuresNothing() {
        runner.withPropertyValues("aws.rolesanywhere.certificate=" + certificate)
                .run(context -> assertThat(context)
                        .doesNotHaveBean(RolesAnywhereCredentialsProvider.class)
                        .doesNotHaveBean(Signer.class));
    }

    @Test
    void whenEnabled_providerObtainsCredentialsFromTheEmulator() {
        enabledWithFiles().run(context -> {
            assertThat(context).hasSingleBean(RolesAnywhereCredentialsProvider.class).hasSingleBean(Signer.class);
            AwsCredentialsProvider provider = context.getBean(AwsCredentialsProvider.class);
            AwsSessionCredentials credentials = (AwsSessionCredentials) provider.resolveCredentials();
            assertThat(credentials.accessKeyId()).startsWith("ASIA");
            assertThat(credentials.accountId()).contains(emulator().accountId());
            assertThat(emulator().requestLog().last()).isPresent();
        });
    }

    @Test
    void whenApplicationDefinesACredentialsProvider_backsOff() {
        enabledWithFiles().withUserConfiguration(OwnCredentials.class).run(context -> {
            assertThat(context).doesNotHaveBean(RolesAnywhereCredentialsProvider.class);
            assertThat(context.getBean(AwsCredentialsProvider.class).resolveCredentials().accessKeyId())
                    .isEqualTo("AKIDOWN");
        });
    }

    @Test
    void whenApplicationDefinesASigner_usesItInsteadOfTheProperties() {
        emulator().requestLog().clear();
        IssuedCertificate leaf = EMULATOR.certificateAuthority().issueClientCertificate(KeyType.RSA_2048);
        enabled().withBean(Signer.class,
                () -> PrivateKeySigner.create(leaf.privateKey(), leaf.certificate()))
                .run(context -> {
                    assertThat(context).hasSingleBean(Signer.class);
                    context.getBean(AwsCredentialsProvider.class).resolveCredentials();
                    assertThat(emulator().requestLog().last().get().serialNumber())
                            .contains(leaf.serialNumber().toString());
                });
    }

    @Test
    void aNamedHttpClientBean_carriesCreateSessionAndStaysOpenAfterClose() {
        AtomicBoolean used = new AtomicBoolean();
        AtomicBoolean closed = new AtomicBoolean();
        SdkHttpClient trusting = trustingHttpClient();
        SdkHttpClient recording = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                used.set(true);
                return trusting.prepareRequest(request);
            }

            @Override
            public void close() {
                closed.set(true);
                trusting.close();
            }
        };
        enabledWithoutTrust()
                .withPropertyValues("aws.rolesanywhere.certificate=" + certificate,
                        "aws.rolesanywhere.private-key=" + privateKey)
                .withBean(RolesAnywhereAutoConfiguration.HTTP_CLIENT_BEAN_NAME, SdkHttpClient.class, () -> recording,
                        definition -> definition.setDestroyMethodName(""))
                .run(context -> {
                    context.getBean(AwsCredentialsProvider.class).resolveCredentials();
                    assertThat(used).isTrue();
                    context.getBean(RolesAnywhereCredentialsProvider.class).close();
                    assertThat(closed).isFalse();
                });
        trusting.close();
    }

    @Test
    void missingRoleArn_failsAtStartupNamingTheSetting() {
        runner.withPropertyValues(
                "aws.rolesanywhere.enabled=true",
                "aws.rolesanywhere.trust-anchor-arn=" + emulator().trustAnchorArn(),
                "aws.rolesanywhere.profile-arn=" + emulator().profileArn(),
                "aws.rolesanywhere.certificate=" + certificate,
                "aws.rolesanywhere.private-key=" + privateKey)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(ConfigurationException.class)
                            .hasMessageContaining("roleArn");
                });
    }

    @Test
    void healthIndicator_reportsCertificateAndCredentialExpiry() {
        enabledWithFiles().run(context -> {
            Health health = context.getBean(RolesAnywhereHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKeys("certificateNotAfter", "credentialsExpiration",
                    "nextRefreshBy", "accessKeyId");
            assertThat(health.getDetails().toString()).doesNotContain(
                    ((AwsSessionCredentials) context.getBean(AwsCredentialsProvider.class).resolveCredentials())
                            .secretAccessKey());
        });
    }

    @Test
    void healthIndicator_isDownWhenTheCertificateHasExpired() {
        TestCertificateAuthority ca = EMULATOR.certificateAuthority();
        IssuedCertificate expired = ca.issueClientCertificate(dev.rolesanywhere.emulator.CertificateTemplate.builder()
                .keyType(KeyType.EC_P256)
                .notBefore(Instant.now().minus(10, ChronoUnit.DAYS))
                .notAfter(Instant.now().minus(1, ChronoUnit.DAYS))
                .build());
        enabled().withPropertyValues(
                "aws.rolesanywhere.certificate=" + expired.writeCertificatePem(dir.resolve("old.pem")),
                "aws.rolesanywhere.private-key=" + expired.writePrivateKeyPem(dir.resolve("old.key")))
                .run(context -> assertThat(context.getBean(RolesAnywhereHealthIndicator.class).health().getStatus())
                        .isEqualTo(Status.DOWN));
    }

    private static SdkHttpClient trustingHttpClient() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(emulator().trustStore());
            return UrlConnectionHttpClient.builder().tlsTrustManagersProvider(trust::getTrustManagers).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnCredentials {
        @Bean
        AwsCredentialsProvider ownCredentials() {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDOWN", "secret-not-real"));
        }
    }
}
