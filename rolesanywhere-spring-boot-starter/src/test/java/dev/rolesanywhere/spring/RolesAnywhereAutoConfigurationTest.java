package dev.rolesanywhere.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.keys.PrivateKeySigner;
import dev.rolesanywhere.emulator.CertificateTemplate;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.emulator.junit5.RolesAnywhereEmulatorExtension;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import dev.rolesanywhere.spring.internal.RolesAnywhereFailureAnalyzer;
import dev.rolesanywhere.spring.internal.RolesAnywherePropertiesException;
import dev.rolesanywhere.testing.LogCapture;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** The auto-configuration in application contexts built per test, against the emulator over HTTPS. */
class RolesAnywhereAutoConfigurationTest {

    @RegisterExtension
    static final RolesAnywhereEmulatorExtension EMULATOR = RolesAnywhereEmulatorExtension.builder().build();

    @TempDir
    Path dir;

    private IssuedCertificate leaf;
    private Path certificate;
    private Path privateKey;
    private Path trustBundle;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RolesAnywhereAutoConfiguration.class,
                    RolesAnywhereHealthAutoConfiguration.class, RolesAnywhereActuatorAutoConfiguration.class,
                    SslAutoConfiguration.class));

    @BeforeEach
    void writeFiles() {
        leaf = EMULATOR.certificateAuthority().issueClientCertificate(KeyType.EC_P256);
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

    private static FailureAnalysis analysisOf(Throwable startupFailure) {
        return new RolesAnywhereFailureAnalyzer().analyze(startupFailure);
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
    void whenApplicationDefinesACredentialsProvider_backsOff_andSaysWhichWonInOneInfoLine() {
        try (LogCapture log = new LogCapture()) {
            enabledWithFiles().withUserConfiguration(OwnCredentials.class).run(context -> {
                assertThat(context).doesNotHaveBean(RolesAnywhereCredentialsProvider.class);
                assertThat(context.getBean(AwsCredentialsProvider.class).resolveCredentials().accessKeyId())
                        .isEqualTo("AKIDOWN");
            });
            assertThat(log.count("aws.rolesanywhere.enabled=true, but the application defines its own "
                    + "AwsCredentialsProvider 'ownCredentials' (StaticCredentialsProvider)")).isEqualTo(1);
        }
    }

    @Test
    void whenThisStarterProvidesTheCredentials_saysNothingAboutBackingOff() {
        try (LogCapture log = new LogCapture()) {
            enabledWithFiles().run(context -> assertThat(context).hasSingleBean(AwsCredentialsProvider.class));
            assertThat(log.text()).doesNotContain("defines its own AwsCredentialsProvider");
        }
    }

    @Test
    void whenApplicationDefinesASigner_usesItInsteadOfTheProperties() {
        emulator().requestLog().clear();
        IssuedCertificate rsa = EMULATOR.certificateAuthority().issueClientCertificate(KeyType.RSA_2048);
        enabled().withBean(Signer.class, () -> PrivateKeySigner.create(rsa.privateKey(), rsa.certificate()))
                .run(context -> {
                    assertThat(context).hasSingleBean(Signer.class);
                    context.getBean(AwsCredentialsProvider.class).resolveCredentials();
                    assertThat(emulator().requestLog().last().get().serialNumber())
                            .contains(rsa.serialNumber().toString());
                });
    }

    @Test
    void withTwoSignerBeans_andNoPrimary_failsNamingThem_ratherThanNoUniqueBeanDefinition() {
        enabled().withUserConfiguration(TwoSigners.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(RolesAnywherePropertiesException.class);
            FailureAnalysis analysis = analysisOf(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("2 Signer beans [first, second]");
            assertThat(analysis.getAction()).contains("@Primary");
        });
    }

    @Test
    void withTwoSignerBeans_oneOfThemPrimary_usesThePrimary() {
        emulator().requestLog().clear();
        enabled().withUserConfiguration(TwoSignersOnePrimary.class).run(context -> {
            context.getBean(AwsCredentialsProvider.class).resolveCredentials();
            assertThat(emulator().requestLog().last().get().serialNumber())
                    .contains(TwoSignersOnePrimary.PRIMARY.serialNumber().toString());
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
    void missingRoleArn_failsAtStartup_namingTheProperty() {
        runner.withPropertyValues(
                "aws.rolesanywhere.enabled=true",
                "aws.rolesanywhere.trust-anchor-arn=" + emulator().trustAnchorArn(),
                "aws.rolesanywhere.profile-arn=" + emulator().profileArn(),
                "aws.rolesanywhere.certificate=" + certificate,
                "aws.rolesanywhere.private-key=" + privateKey)
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = analysisOf(context.getStartupFailure());
                    assertThat(analysis.getDescription()).isEqualTo("aws.rolesanywhere.role-arn is not set");
                    assertThat(analysis.getAction()).contains("aws.rolesanywhere.role-arn")
                            .contains("aws.rolesanywhere.profile-name").doesNotContain("roleArn(");
                });
    }

    @Test
    void enabledWithoutAnyKey_failsAtStartup_listingTheWaysToGiveOne() {
        enabled().run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analysisOf(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("no key is configured");
            assertThat(analysis.getAction()).contains("aws.rolesanywhere.certificate", "aws.rolesanywhere.ssl-bundle",
                    "aws.rolesanywhere.profile-name", "Signer bean");
        });
    }

    @Test
    void prefetchTimeNotLongerThanStaleTime_failsNamingBothProperties() {
        enabledWithFiles().withPropertyValues("aws.rolesanywhere.stale-time=10m").run(context -> {
            FailureAnalysis analysis = analysisOf(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("aws.rolesanywhere.prefetch-time",
                    "aws.rolesanywhere.stale-time").doesNotContain("prefetchTime");
        });
    }

    @Test
    void malformedArn_failsWithTheLibrarysExplanation_underThePropertiesHeading() {
        enabledWithFiles().withPropertyValues("aws.rolesanywhere.role-arn=not-an-arn").run(context -> {
            FailureAnalysis analysis = analysisOf(context.getStartupFailure());
            assertThat(analysis.getDescription()).startsWith("The aws.rolesanywhere.* properties describe no usable")
                    .contains("not-an-arn");
        });
    }

    @Test
    void certificateAndSslBundleTogether_areRefusedAsContradictory() {
        enabledWithFiles().withPropertyValues("aws.rolesanywhere.ssl-bundle=client").run(context -> {
            FailureAnalysis analysis = analysisOf(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("aws.rolesanywhere.certificate and "
                    + "aws.rolesanywhere.ssl-bundle are both set");
        });
    }

    @Test
    void sslBundle_withInlinePem_isTheKeySource() throws java.io.IOException {
        emulator().requestLog().clear();
        enabled().withPropertyValues(
                "aws.rolesanywhere.ssl-bundle=client",
                "spring.ssl.bundle.pem.client.keystore.certificate=" + pem(certificate),
                "spring.ssl.bundle.pem.client.keystore.private-key=" + pem(privateKey))
                .run(context -> {
                    context.getBean(AwsCredentialsProvider.class).resolveCredentials();
                    assertThat(emulator().requestLog().last().get().serialNumber())
                            .contains(leaf.serialNumber().toString());
                    assertThat(emulator().requestLog().last().get().userAgent().get()).contains("key/ssl-bundle");
                });
    }

    @Test
    void sslBundle_fromAPkcs12File_isTheKeySource_andAnUpdatedBundleIsUsedForTheNextSession() throws Exception {
        Path store = leaf.writePkcs12(dir.resolve("client.p12"), "store-pass".toCharArray());
        IssuedCertificate renewed = EMULATOR.certificateAuthority().issueClientCertificate(KeyType.RSA_2048);
        emulator().requestLog().clear();
        enabled().withPropertyValues(
                "aws.rolesanywhere.ssl-bundle=client",
                "spring.ssl.bundle.jks.client.keystore.location=file:" + store,
                "spring.ssl.bundle.jks.client.keystore.type=PKCS12",
                "spring.ssl.bundle.jks.client.keystore.password=store-pass")
                .run(context -> {
                    RolesAnywhereCredentialsProvider provider = context.getBean(RolesAnywhereCredentialsProvider.class);
                    provider.resolveCredentials();
                    assertThat(emulator().requestLog().last().get().serialNumber())
                            .contains(leaf.serialNumber().toString());

                    context.getBean(SslBundleRegistry.class).updateBundle("client", bundleOf(renewed));
                    RolesAnywhereCredentialsProvider copy = provider.toBuilder()
                            .signer(context.getBean(Signer.class)).build();
                    copy.resolveCredentials();
                    copy.close();
                    assertThat(emulator().requestLog().last().get().serialNumber())
                            .contains(renewed.serialNumber().toString());
                });
    }

    @Test
    void healthIndicator_reportsCachedState_withoutFetching_andNoIdentifiersByDefault() {
        emulator().requestLog().clear();
        enabledWithFiles().run(context -> {
            var indicator = context.getBean(RolesAnywhereHealthIndicator.class);
            var before = indicator.health();
            assertThat(before.getStatus().getCode()).isEqualTo("UNKNOWN");
            assertThat(emulator().requestLog().count()).as("a health probe never calls CreateSession").isZero();

            AwsSessionCredentials credentials = (AwsSessionCredentials) context.getBean(AwsCredentialsProvider.class)
                    .resolveCredentials();
            var health = indicator.health();
            assertThat(health.getStatus().getCode()).isEqualTo("UP");
            assertThat(health.getDetails()).containsKeys("certificateExpiration", "credentialsExpiration",
                    "nextRefreshBy");
            assertThat(health.getDetails().toString()).doesNotContain(credentials.secretAccessKey(),
                    credentials.accessKeyId(), emulator().roleArn(), emulator().trustAnchorArn());
            assertThat(emulator().requestLog().count()).isEqualTo(1);
        });
    }

    @Test
    void healthIndicator_showsTheArns_whenAskedTo() {
        enabledWithFiles().withPropertyValues("aws.rolesanywhere.health.show-identifiers=true").run(context -> {
            context.getBean(AwsCredentialsProvider.class).resolveCredentials();
            assertThat(context.getBean(RolesAnywhereHealthIndicator.class).health().getDetails().toString())
                    .contains(emulator().roleArn());
        });
    }

    @Test
    void healthIndicator_isDownWhenTheCertificateHasExpired() {
        TestCertificateAuthority ca = EMULATOR.certificateAuthority();
        IssuedCertificate expired = ca.issueClientCertificate(CertificateTemplate.builder()
                .keyType(KeyType.EC_P256)
                .notBefore(Instant.now().minus(10, ChronoUnit.DAYS))
                .notAfter(Instant.now().minus(1, ChronoUnit.DAYS))
                .build());
        enabled().withPropertyValues(
                "aws.rolesanywhere.certificate=" + expired.writeCertificatePem(dir.resolve("old.pem")),
                "aws.rolesanywhere.private-key=" + expired.writePrivateKeyPem(dir.resolve("old.key")))
                .run(context -> assertThat(context.getBean(RolesAnywhereHealthIndicator.class).health().getStatus()
                        .getCode()).isEqualTo("DOWN"));
    }

    private static String pem(Path file) throws java.io.IOException {
        return new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static SslBundle bundleOf(IssuedCertificate certificate) throws GeneralSecurityException,
            java.io.IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("renewed", certificate.privateKey(), "key-pass".toCharArray(),
                new Certificate[] {certificate.certificate()});
        return SslBundle.of(SslStoreBundle.of(store, "key-pass", null), SslBundleKey.of("key-pass", "renewed"));
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

    @Configuration(proxyBeanMethods = false)
    static class TwoSigners {
        @Bean
        Signer first() {
            IssuedCertificate one = EMULATOR.certificateAuthority().issueClientCertificate();
            return PrivateKeySigner.create(one.privateKey(), one.certificate());
        }

        @Bean
        Signer second() {
            IssuedCertificate two = EMULATOR.certificateAuthority().issueClientCertificate();
            return PrivateKeySigner.create(two.privateKey(), two.certificate());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoSignersOnePrimary {
        static final IssuedCertificate PRIMARY = EMULATOR.certificateAuthority().issueClientCertificate();

        @Bean
        @Primary
        Signer primary() {
            return PrivateKeySigner.create(PRIMARY.privateKey(), PRIMARY.certificate());
        }

        @Bean
        Signer other() {
            IssuedCertificate other = EMULATOR.certificateAuthority().issueClientCertificate();
            return PrivateKeySigner.create(other.privateKey(), other.certificate());
        }
    }
}
