package dev.rolesanywhere.spring;

import dev.rolesanywhere.spring.internal.BootstrapCredentials;
import org.springframework.boot.BootstrapRegistry;
import org.springframework.boot.BootstrapRegistryInitializer;
import org.springframework.boot.context.properties.bind.Binder;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Offers the IAM Roles Anywhere provider in Spring Boot's bootstrap context, where Spring Cloud AWS's
 * {@code spring.config.import=aws-secretsmanager:…} and {@code aws-parameterstore:…} look for credentials before any
 * bean exists; afterwards it is the application's provider bean. Registered in {@code META-INF/spring.factories};
 * with {@code aws.rolesanywhere.enabled} unset it offers nothing. (Spring Boot 3.5.)
 */
public class RolesAnywhereBootstrapRegistryInitializer implements BootstrapRegistryInitializer {

    @Override
    public void initialize(BootstrapRegistry registry) {
        BootstrapCredentials credentials = new BootstrapCredentials();
        registry.registerIfAbsent(AwsCredentialsProvider.class,
                context -> credentials.provide(context.get(Binder.class)));
        registry.addCloseListener(event -> credentials.promote(event.getApplicationContext()));
    }
}
