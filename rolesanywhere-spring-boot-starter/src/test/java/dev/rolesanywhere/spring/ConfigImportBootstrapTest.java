package dev.rolesanywhere.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.LoggedRequest;
import dev.rolesanywhere.emulator.junit5.RolesAnywhereEmulatorExtension;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * {@code spring.config.import=aws-secretsmanager:…} resolves before any bean exists, from Spring Boot's bootstrap
 * context: the secret must be read with IAM Roles Anywhere credentials, and the application then shares that provider.
 * A loopback stand-in plays Secrets Manager; the emulator issues the credentials.
 */
class ConfigImportBootstrapTest {

    @RegisterExtension
    static final RolesAnywhereEmulatorExtension EMULATOR = RolesAnywhereEmulatorExtension.builder().build();

    @TempDir
    Path dir;

    private SecretsManagerStandIn secrets;

    @BeforeEach
    void startSecretsManager() {
        secrets = new SecretsManagerStandIn("app/config", "{\"app.greeting\":\"hello from the secret\"}");
    }

    @AfterEach
    void stopSecretsManager() {
        secrets.close();
    }

    private List<String> arguments() {
        IssuedCertificate leaf = EMULATOR.certificateAuthority().issueClientCertificate();
        List<String> args = new ArrayList<>();
        args.add("--spring.config.import=aws-secretsmanager:app/config");
        args.add("--spring.cloud.aws.secretsmanager.endpoint=" + secrets.endpoint());
        args.add("--spring.cloud.aws.secretsmanager.region=" + EMULATOR.emulator().region());
        args.add("--spring.cloud.aws.region.static=" + EMULATOR.emulator().region());
        args.add("--aws.rolesanywhere.trust-anchor-arn=" + EMULATOR.emulator().trustAnchorArn());
        args.add("--aws.rolesanywhere.profile-arn=" + EMULATOR.emulator().profileArn());
        args.add("--aws.rolesanywhere.role-arn=" + EMULATOR.emulator().roleArn());
        args.add("--aws.rolesanywhere.endpoint=" + EMULATOR.emulator().endpoint());
        args.add("--aws.rolesanywhere.ca-bundle=" + EMULATOR.emulator().writeTrustBundle(dir.resolve("ca.pem")));
        args.add("--aws.rolesanywhere.certificate=" + leaf.writeCertificatePem(dir.resolve("leaf.pem")));
        args.add("--aws.rolesanywhere.private-key=" + leaf.writePrivateKeyPem(dir.resolve("leaf.key")));
        return args;
    }

    private static ConfigurableApplicationContext run(List<String> args) {
        SpringApplication application = new SpringApplication(ImportingApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        return application.run(args.toArray(new String[0]));
    }

    @Test
    void secretsImportedAtStartup_areReadWithRolesAnywhereCredentials_andTheApplicationSharesTheProvider() {
        EMULATOR.emulator().requestLog().clear();
        List<String> args = arguments();
        args.add("--aws.rolesanywhere.enabled=true");

        try (ConfigurableApplicationContext context = run(args)) {
            assertThat(context.getEnvironment().getProperty("app.greeting")).isEqualTo("hello from the secret");
            List<String> issued = EMULATOR.emulator().requestLog().entries().stream()
                    .filter(LoggedRequest::succeeded).map(r -> r.accessKeyId().orElse(""))
                    .collect(Collectors.toList());
            assertThat(issued).hasSize(1);
            assertThat(secrets.accessKeyIds()).containsExactly(issued.get(0));

            AwsCredentialsProvider bean = context.getBean(AwsCredentialsProvider.class);
            assertThat(bean).isInstanceOf(RolesAnywhereCredentialsProvider.class);
            assertThat(bean.resolveCredentials().accessKeyId()).isEqualTo(issued.get(0));
            assertThat(EMULATOR.emulator().requestLog().count()).as("the bootstrap provider is the bean").isEqualTo(1);
        }
    }

    @Test
    void withoutEnabled_theBootstrapContextOffersNothing_andSpringCloudAwsUsesItsOwnCredentials() {
        EMULATOR.emulator().requestLog().clear();
        List<String> args = arguments();
        args.add("--spring.cloud.aws.credentials.access-key=AKIDSPRINGCLOUDAWS");
        args.add("--spring.cloud.aws.credentials.secret-key=not-a-secret");

        try (ConfigurableApplicationContext context = run(args)) {
            assertThat(context.getEnvironment().getProperty("app.greeting")).isEqualTo("hello from the secret");
            assertThat(secrets.accessKeyIds()).containsExactly("AKIDSPRINGCLOUDAWS");
            assertThat(EMULATOR.emulator().requestLog().count()).isZero();
        }
    }

    @SpringBootApplication
    static class ImportingApplication {
    }
}
