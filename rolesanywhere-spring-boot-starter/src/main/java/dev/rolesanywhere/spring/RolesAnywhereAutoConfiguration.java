package dev.rolesanywhere.spring;

import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.Signers;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import dev.rolesanywhere.spring.internal.ApplicationRefreshListeners;
import dev.rolesanywhere.spring.internal.CredentialsProviderReport;
import dev.rolesanywhere.spring.internal.ProviderFromProperties;
import dev.rolesanywhere.spring.internal.RolesAnywherePropertiesException;
import dev.rolesanywhere.spring.internal.SslBundleSigner;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Registers a {@link RolesAnywhereCredentialsProvider} built from {@code aws.rolesanywhere.*} when
 * {@code aws.rolesanywhere.enabled=true} and the application defines no {@link AwsCredentialsProvider} of its own (when
 * it does, one INFO line at start-up says which provider won).
 *
 * <p>Runs before Spring Cloud AWS's credentials auto-configuration, which backs off when an
 * {@code AwsCredentialsProvider} bean exists, so its clients use these credentials.
 *
 * <p>The key: {@code aws.rolesanywhere.certificate} (with {@code private-key} for a key file), the key store of the SSL
 * bundle {@code aws.rolesanywhere.ssl-bundle}, or a {@link Signer} bean (a KeyStore- or token-backed signer built in
 * code), which replaces both; with several Signer beans, the {@code @Primary} one. An {@link SdkHttpClient} bean named
 * {@value #HTTP_CLIENT_BEAN_NAME} carries the CreateSession calls (it stays open when the provider closes). Every
 * {@link dev.rolesanywhere.provider.CredentialsRefreshListener} bean is told about refreshes.
 */
@AutoConfiguration(beforeName = "io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration")
@ConditionalOnClass(RolesAnywhereCredentialsProvider.class)
@ConditionalOnProperty(prefix = RolesAnywhereProperties.PREFIX, name = "enabled", havingValue = "true")
@EnableConfigurationProperties(RolesAnywhereProperties.class)
public class RolesAnywhereAutoConfiguration {

    /** Name of an optional {@link SdkHttpClient} bean used for CreateSession calls. */
    public static final String HTTP_CLIENT_BEAN_NAME = "rolesAnywhereHttpClient";

    /**
     * The signer named by {@code aws.rolesanywhere.certificate} or {@code aws.rolesanywhere.ssl-bundle}; Spring closes
     * it (token sessions, file watches).
     */
    @Bean
    @ConditionalOnMissingBean(Signer.class)
    @Conditional(KeyProperties.class)
    public Signer rolesAnywhereSigner(RolesAnywhereProperties properties, ObjectProvider<SslBundles> sslBundles) {
        ProviderFromProperties.checkKeySource(properties);
        String bundle = properties.getSslBundle();
        if (bundle != null && !bundle.trim().isEmpty()) {
            SslBundles bundles = sslBundles.getIfAvailable();
            if (bundles == null) {
                throw new RolesAnywherePropertiesException("aws.rolesanywhere.ssl-bundle=" + bundle + " names an SSL "
                        + "bundle, but the application has no SslBundles bean",
                        "Define the bundle under spring.ssl.bundle.* (Spring Boot's SSL auto-configuration provides "
                        + "SslBundles), or use aws.rolesanywhere.certificate instead");
            }
            return new SslBundleSigner(bundles, bundle.trim());
        }
        return Signers.fromSpec(properties.toSignerSpec());
    }

    @Bean
    @ConditionalOnMissingBean(AwsCredentialsProvider.class)
    public RolesAnywhereCredentialsProvider rolesAnywhereCredentialsProvider(RolesAnywhereProperties properties,
            ObjectProvider<Signer> signers,
            @Qualifier(HTTP_CLIENT_BEAN_NAME) ObjectProvider<SdkHttpClient> httpClient, ListableBeanFactory beans) {
        Signer signer = signers.getIfUnique();
        List<String> signerBeans = signer == null ? Arrays.asList(beans.getBeanNamesForType(Signer.class))
                : Collections.emptyList();
        return ProviderFromProperties.build(properties, signer, signerBeans, new ApplicationRefreshListeners(beans),
                builder -> httpClient.ifAvailable(builder::httpClient));
    }

    /** Says at start-up when the application's own credentials provider made this one back off. */
    @Bean
    public static CredentialsProviderReport rolesAnywhereCredentialsProviderReport(ListableBeanFactory beans) {
        return new CredentialsProviderReport(beans);
    }

    /** {@code aws.rolesanywhere.certificate} or {@code aws.rolesanywhere.ssl-bundle} is set. */
    static final class KeyProperties extends AnyNestedCondition {
        KeyProperties() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = RolesAnywhereProperties.PREFIX, name = "certificate")
        static final class Certificate {
        }

        @ConditionalOnProperty(prefix = RolesAnywhereProperties.PREFIX, name = "ssl-bundle")
        static final class SslBundle {
        }
    }
}
