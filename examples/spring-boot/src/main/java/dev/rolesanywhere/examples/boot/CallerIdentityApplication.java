package dev.rolesanywhere.examples.boot;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * An application that knows nothing about IAM Roles Anywhere: it asks STS who it is. The credentials come from the
 * starter's auto-configured provider, wired by {@code application.properties} alone.
 */
@SpringBootApplication
public class CallerIdentityApplication {

    @Bean
    CommandLineRunner printCallerIdentity(StsClient sts) {
        return args -> {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            System.out.println("STS (SigV4 verified by the emulator): " + identity.arn());
            System.out.println("Account: " + identity.account());
        };
    }
}
