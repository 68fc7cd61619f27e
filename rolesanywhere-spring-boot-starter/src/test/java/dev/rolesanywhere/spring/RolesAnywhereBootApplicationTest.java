package dev.rolesanywhere.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import dev.rolesanywhere.testing.ScratchDirectory;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * A real Spring Boot application wired by properties only: its {@link StsClient} bean takes whatever
 * {@link AwsCredentialsProvider} the context offers, and the emulator verifies the SigV4 call made with it.
 */
@SpringBootTest(classes = RolesAnywhereBootApplicationTest.DemoApplication.class,
        properties = "management.health.rolesanywhere.enabled=true")
class RolesAnywhereBootApplicationTest {

    private static final TestCertificateAuthority CA = TestCertificateAuthority.create();
    private static final RolesAnywhereEmulator EMULATOR =
            RolesAnywhereEmulator.builder().trustAnchor(CA.certificate()).acceptRoleSessionName(true).build().start();
    // The key file must outlive the test class: Spring keeps the context, and its provider, until the JVM exits.
    private static final Path DIR = ScratchDirectory.create("boot-");

    @DynamicPropertySource
    static void rolesAnywhere(DynamicPropertyRegistry registry) {
        IssuedCertificate leaf = CA.issueClientCertificate(KeyType.RSA_2048);
        registry.add("aws.rolesanywhere.enabled", () -> "true");
        registry.add("aws.rolesanywhere.trust-anchor-arn", EMULATOR::trustAnchorArn);
        registry.add("aws.rolesanywhere.profile-arn", EMULATOR::profileArn);
        registry.add("aws.rolesanywhere.role-arn", EMULATOR::roleArn);
        registry.add("aws.rolesanywhere.endpoint", () -> EMULATOR.endpoint().toString());
        registry.add("aws.rolesanywhere.ca-bundle",
                () -> EMULATOR.writeTrustBundle(DIR.resolve("emulator-ca.pem")).toString());
        registry.add("aws.rolesanywhere.certificate",
                () -> leaf.writeCertificatePem(DIR.resolve("client.pem")).toString());
        registry.add("aws.rolesanywhere.private-key",
                () -> leaf.writePrivateKeyPem(DIR.resolve("client.key")).toString());
        registry.add("aws.rolesanywhere.role-session-name", () -> "boot-app");
    }

    @AfterAll
    static void stopEmulator() {
        EMULATOR.close();
    }

    @Autowired
    AwsCredentialsProvider credentialsProvider;

    @Autowired
    StsClient sts;

    @Test
    void applicationClientsUseRolesAnywhereCredentials() {
        assertThat(credentialsProvider).isInstanceOf(RolesAnywhereCredentialsProvider.class);
        int before = EMULATOR.requestLog().count();

        GetCallerIdentityResponse identity = sts.getCallerIdentity();
        sts.getCallerIdentity();

        assertThat(identity.account()).isEqualTo(EMULATOR.accountId());
        assertThat(identity.arn()).endsWith(":assumed-role/" + RolesAnywhereEmulator.DEFAULT_ROLE_NAME + "/boot-app");
        // Two STS calls, at most one CreateSession: the credentials are cached.
        assertThat(EMULATOR.requestLog().count() - before).isLessThanOrEqualTo(1);
    }

    @SpringBootApplication
    static class DemoApplication {
        @Bean(destroyMethod = "close")
        StsClient stsClient(AwsCredentialsProvider credentials) {
            return StsClient.builder()
                    .credentialsProvider(credentials)
                    .region(Region.of(EMULATOR.region()))
                    .endpointOverride(EMULATOR.stsEndpoint())
                    .httpClient(UrlConnectionHttpClient.builder()
                            .tlsTrustManagersProvider(RolesAnywhereBootApplicationTest::emulatorTrust).build())
                    .build();
        }
    }

    private static javax.net.ssl.TrustManager[] emulatorTrust() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(EMULATOR.trustStore());
            return trust.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
