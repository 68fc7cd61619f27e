package dev.rolesanywhere.spring.internal;

import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * With {@code aws.rolesanywhere.enabled=true}, says at start-up which credentials provider won when the application
 * defines its own: the starter then backs off, and without this line nothing would tell that Roles Anywhere is unused.
 */
public final class CredentialsProviderReport implements SmartInitializingSingleton {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialsProviderReport.class);

    private final ListableBeanFactory beans;

    public CredentialsProviderReport(ListableBeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (beans.getBeanNamesForType(RolesAnywhereCredentialsProvider.class, true, false).length > 0) {
            return;
        }
        Map<String, AwsCredentialsProvider> others = beans.getBeansOfType(AwsCredentialsProvider.class, true, false);
        if (!others.isEmpty()) {
            LOG.info("aws.rolesanywhere.enabled=true, but the application defines its own AwsCredentialsProvider {}: "
                    + "no RolesAnywhereCredentialsProvider was created, and clients that take the context's provider "
                    + "use that one. To put IAM Roles Anywhere under it (say, as the source of an "
                    + "StsAssumeRoleCredentialsProvider), build a RolesAnywhereCredentialsProvider in that bean "
                    + "method; otherwise remove aws.rolesanywhere.enabled", describe(others));
        }
    }

    private static String describe(Map<String, AwsCredentialsProvider> providers) {
        return providers.entrySet().stream()
                .map(e -> "'" + e.getKey() + "' (" + e.getValue().getClass().getSimpleName() + ")")
                .collect(Collectors.joining(", "));
    }
}
