package dev.rolesanywhere.provider;

import dev.rolesanywhere.core.ConfigurationException;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.SdkServiceClientConfiguration;

/**
 * Gives any AWS service client its credentials from IAM Roles Anywhere:
 * {@code S3Client.builder().addPlugin(RolesAnywherePlugin.create(provider))}, or per request through
 * {@code overrideConfiguration(o -> o.addPlugin(...))}.
 *
 * <p>The plugin does not own the provider: close the provider yourself after the clients that use it.
 */
public final class RolesAnywherePlugin implements SdkPlugin {
    private final AwsCredentialsProvider credentialsProvider;

    private RolesAnywherePlugin(AwsCredentialsProvider credentialsProvider) {
        this.credentialsProvider = Objects.requireNonNull(credentialsProvider, "credentialsProvider");
    }

    /** A plugin that installs {@code provider} (typically a {@link RolesAnywhereCredentialsProvider}). */
    public static RolesAnywherePlugin create(AwsCredentialsProvider provider) {
        return new RolesAnywherePlugin(provider);
    }

    @Override
    public void configureClient(SdkServiceClientConfiguration.Builder config) {
        if (!(config instanceof AwsServiceClientConfiguration.Builder)) {
            throw new ConfigurationException("RolesAnywherePlugin was added to a client that takes no AWS credentials ("
                    + config.getClass().getName() + "): add it to AWS service clients only");
        }
        ((AwsServiceClientConfiguration.Builder) config).credentialsProvider(credentialsProvider);
    }

    @Override
    public String toString() {
        return "RolesAnywherePlugin(" + credentialsProvider + ")";
    }
}
