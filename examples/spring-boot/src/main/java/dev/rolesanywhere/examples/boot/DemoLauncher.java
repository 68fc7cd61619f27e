package dev.rolesanywhere.examples.boot;

import dev.rolesanywhere.examples.support.DemoEnvironment;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Starts the stand-ins for AWS (the emulator) and for your PKI (a test CA that certifies a key generated in the
 * SoftHSM2 token), hands their coordinates to the application as {@code demo.*} properties, and runs it.
 *
 * <p>Run it with {@code examples/run.sh spring-boot}.
 */
public final class DemoLauncher {

    private static DemoEnvironment demo;

    private DemoLauncher() {
    }

    public static void main(String[] args) {
        try (DemoEnvironment environment = DemoEnvironment.start()) {
            demo = environment;
            String certificate = DemoEnvironment.tokenAvailable()
                    ? environment.provisionTokenIdentity("boot-workload")
                    : environment.fileIdentity().certificate().toString();
            Map<String, Object> properties = Map.of(
                    "demo.trust-anchor-arn", environment.emulator().trustAnchorArn(),
                    "demo.profile-arn", environment.emulator().profileArn(),
                    "demo.role-arn", environment.emulator().roleArn(),
                    "demo.certificate", certificate,
                    "demo.endpoint", environment.emulator().endpoint().toString(),
                    "demo.ca-bundle", environment.caBundle().toString());
            SpringApplication application =
                    new SpringApplication(CallerIdentityApplication.class, EmulatorStsClient.class);
            application.setDefaultProperties(properties);
            try (ConfigurableApplicationContext context = application.run(args)) {
                System.out.println("Credentials provider bean: "
                        + context.getBean(AwsCredentialsProvider.class).getClass().getSimpleName());
            }
        }
    }

    /** The one demo-only bean: an STS client pointed at the emulator instead of AWS. */
    @Configuration(proxyBeanMethods = false)
    static class EmulatorStsClient {
        @Bean(destroyMethod = "close")
        StsClient stsClient(AwsCredentialsProvider credentials) {
            return demo.sts(credentials);
        }
    }
}
