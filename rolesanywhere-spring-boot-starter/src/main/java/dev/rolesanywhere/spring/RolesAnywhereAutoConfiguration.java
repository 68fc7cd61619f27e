package dev.rolesanywhere.spring;

import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.Signers;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Registers a {@link RolesAnywhereCredentialsProvider} built from {@code aws.rolesanywhere.*} when
 * {@code aws.rolesanywhere.enabled=true} and the application defines no {@link AwsCredentialsProvider} of its own.
 *
 * <p>Runs before Spring Cloud AWS's credentials auto-configuration, which backs off when an
 * {@code AwsCredentialsProvider} bean exists, so its clients use these credentials.
 *
 * <p>Overridable beans: a {@link Signer} (for example a KeyStore- or token-backed signer built in code) replaces the
 * {@code certificate}/{@code private-key} properties; an {@link SdkHttpClient} named
 * {@value #HTTP_CLIENT_BEAN_NAME} carries the CreateSession calls (it stays open when the provider closes).
 */
@AutoConfiguration(beforeName = "io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration")
@ConditionalOnClass(RolesAnywhereCredentialsProvider.class)
@ConditionalOnProperty(prefix = RolesAnywhereProperties.PREFIX, name = "enabled", havingValue = "true")
@EnableConfigurationProperties(RolesAnywhereProperties.class)
public class RolesAnywhereAutoConfiguration {

    /** Name of an optional {@link SdkHttpClient} bean used for CreateSession calls. */
    public static final String HTTP_CLIENT_BEAN_NAME = "rolesAnywhereHttpClient";

    /** The signer named by {@code aws.rolesanywhere.certificate}; Spring closes it (token sessions, file watches). */
    @Bean
    @ConditionalOnMissingBean(Signer.class)
    @ConditionalOnProperty(prefix = RolesAnywhereProperties.PREFIX, name = "certificate")
    public Signer rolesAnywhereSigner(RolesAnywhereProperties properties) {
        return Signers.fromSpec(properties.toSignerSpec());
    }

    @Bean
    @ConditionalOnMissingBean(AwsCredentialsProvider.class)
    public RolesAnywhereCredentialsProvider rolesAnywhereCredentialsProvider(RolesAnywhereProperties properties,
            ObjectProvider<Signer> signer,
            @Qualifier(HTTP_CLIENT_BEAN_NAME) ObjectProvider<SdkHttpClient> httpClient) {
        RolesAnywhereCredentialsProvider.Builder builder = RolesAnywhereCredentialsProvider.builder()
                .sessionSpec(properties.toSessionSpec())
                .profileName(properties.getProfileName())
                .staleTime(properties.getStaleTime())
                .prefetchTime(properties.getPrefetchTime())
                .asyncCredentialUpdateEnabled(properties.getAsyncCredentialUpdateEnabled());
        signer.ifAvailable(builder::signer);
        httpClient.ifAvailable(builder::httpClient);
        return builder.build();
    }
}
