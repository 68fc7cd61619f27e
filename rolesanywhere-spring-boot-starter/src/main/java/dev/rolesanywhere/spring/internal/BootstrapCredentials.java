package dev.rolesanywhere.spring.internal;

import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import dev.rolesanywhere.spring.RolesAnywhereProperties;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The provider in Spring Boot's bootstrap context, where {@code spring.config.import=aws-secretsmanager:…} and
 * {@code aws-parameterstore:…} look for an {@link AwsCredentialsProvider} before any bean exists (Spring Cloud AWS
 * asks the bootstrap context first). Built at the first such request from the properties bound so far; once the
 * application context exists it becomes the context's {@code rolesAnywhereCredentialsProvider} bean, so the whole
 * application shares one provider, one cache and one token session. Shared by the Spring Boot 3 and 4 initializers.
 */
public final class BootstrapCredentials {
    /** The bean name the bootstrap provider takes in the application context. */
    public static final String BEAN_NAME = "rolesAnywhereCredentialsProvider";

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapCredentials.class);

    private final AtomicReference<RolesAnywhereCredentialsProvider> created = new AtomicReference<>();
    private final ApplicationRefreshListeners listeners = new ApplicationRefreshListeners();

    /**
     * The provider for the bootstrap context.
     *
     * @throws IllegalStateException when IAM Roles Anywhere is not enabled or cannot be configured before the beans:
     *     what the bootstrap context throws for a type nobody registered, so Spring Cloud AWS falls back to its own
     *     credentials as if this starter were absent
     */
    public synchronized AwsCredentialsProvider provide(Binder binder) {
        RolesAnywhereCredentialsProvider existing = created.get();
        if (existing != null) {
            return existing;
        }
        RolesAnywhereProperties properties = binder.bind(RolesAnywhereProperties.PREFIX, RolesAnywhereProperties.class)
                .orElse(null);
        if (properties == null || !properties.isEnabled()) {
            throw new IllegalStateException("IAM Roles Anywhere is not enabled (aws.rolesanywhere.enabled): no "
                    + "AwsCredentialsProvider is registered in the bootstrap context");
        }
        if (properties.getSslBundle() != null) {
            LOG.info("aws.rolesanywhere.ssl-bundle names an SSL bundle, which exists only once the beans do: "
                    + "spring.config.import uses Spring Cloud AWS's own credentials; use aws.rolesanywhere.certificate "
                    + "or aws.rolesanywhere.profile-name for IAM Roles Anywhere credentials there");
            throw new IllegalStateException("aws.rolesanywhere.ssl-bundle is not available in the bootstrap context");
        }
        RolesAnywhereCredentialsProvider provider = ProviderFromProperties.build(properties, null,
                Collections.emptyList(), listeners, builder -> { });
        created.set(provider);
        LOG.debug("IAM Roles Anywhere credentials provider registered in the bootstrap context: {}", provider);
        return provider;
    }

    /** Hands the bootstrap provider, if one was built, to {@code context} as its provider bean. */
    public void promote(ConfigurableApplicationContext context) {
        RolesAnywhereCredentialsProvider provider = created.get();
        if (provider == null || !(context.getBeanFactory() instanceof BeanDefinitionRegistry registry)
                || registry.containsBeanDefinition(BEAN_NAME)) {
            return;
        }
        RootBeanDefinition definition = new RootBeanDefinition(RolesAnywhereCredentialsProvider.class, () -> provider);
        definition.setDestroyMethodName("close");
        registry.registerBeanDefinition(BEAN_NAME, definition);
        listeners.attach(context.getBeanFactory());
    }
}
