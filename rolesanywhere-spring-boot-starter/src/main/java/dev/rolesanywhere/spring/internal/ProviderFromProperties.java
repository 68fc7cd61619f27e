package dev.rolesanywhere.spring.internal;

import dev.rolesanywhere.core.CreateSessionRequest;
import dev.rolesanywhere.core.RefreshSchedule;
import dev.rolesanywhere.core.RolesAnywhereException;
import dev.rolesanywhere.core.SessionSpec;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.provider.CredentialsRefreshListener;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import dev.rolesanywhere.spring.RolesAnywhereProperties;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds the provider the {@code aws.rolesanywhere.*} properties describe, after checking them in their own terms: a
 * Spring user reads "aws.rolesanywhere.role-arn is not set", never the builder method the library would name.
 */
public final class ProviderFromProperties {
    private static final String P = RolesAnywhereProperties.PREFIX + ".";

    private ProviderFromProperties() {
    }

    /**
     * @param signer      the key: a Signer bean, or the one built from {@code certificate} / {@code ssl-bundle};
     *                    null for the provider to load {@code certificate} itself (and own it), or when the profile
     *                    named by {@code profile-name} gives the key
     * @param signerBeans the names of the application's Signer beans when more than one exists, for the message
     * @throws RolesAnywherePropertiesException naming the properties to set or change
     */
    public static RolesAnywhereCredentialsProvider build(RolesAnywhereProperties properties, Signer signer,
            List<String> signerBeans, CredentialsRefreshListener listener,
            Consumer<RolesAnywhereCredentialsProvider.Builder> customizer) {
        check(properties, signer, signerBeans);
        SessionSpec session = properties.toSessionSpec();
        if (signer == null && hasText(properties.getCertificate())) {
            session = session.toBuilder().signerSpec(properties.toSignerSpec()).build();
        }
        RolesAnywhereCredentialsProvider.Builder builder = RolesAnywhereCredentialsProvider.builder()
                .sessionSpec(session)
                .profileName(properties.getProfileName())
                .staleTime(properties.getStaleTime())
                .prefetchTime(properties.getPrefetchTime())
                .asyncCredentialUpdateEnabled(properties.getAsyncCredentialUpdateEnabled())
                .certificateExpiryWarning(properties.getCertificateExpiryWarning())
                .addRefreshListener(listener)
                .signer(signer);
        customizer.accept(builder);
        try {
            return builder.build();
        } catch (RolesAnywhereException e) {
            throw new RolesAnywherePropertiesException("The " + P + "* properties describe no usable IAM Roles "
                    + "Anywhere session: " + e.getMessage(), "Correct the " + P + "* property (or the file, token "
                    + "or profile it names) that the description points to", e);
        }
    }

    /** The key-source properties: {@code certificate} and {@code ssl-bundle} name two keys when both are set. */
    public static void checkKeySource(RolesAnywhereProperties properties) {
        if (hasText(properties.getCertificate()) && hasText(properties.getSslBundle())) {
            throw new RolesAnywherePropertiesException(P + "certificate and " + P + "ssl-bundle are both set: they "
                    + "name two different keys", "Remove one of " + P + "certificate and " + P + "ssl-bundle");
        }
    }

    private static void check(RolesAnywhereProperties properties, Signer signer, List<String> signerBeans) {
        boolean fromProfile = hasText(properties.getProfileName());
        if (!fromProfile) {
            require(properties.getTrustAnchorArn(), "trust-anchor-arn", "the ARN of the IAM Roles Anywhere trust "
                    + "anchor that issued the certificate");
            require(properties.getProfileArn(), "profile-arn", "the ARN of the IAM Roles Anywhere profile");
            require(properties.getRoleArn(), "role-arn", "the ARN of the IAM role to assume");
        }
        checkKeySource(properties);
        if (signer == null && signerBeans.size() > 1) {
            throw new RolesAnywherePropertiesException(signerBeans.size() + " Signer beans " + signerBeans
                    + " are defined and none is @Primary: the IAM Roles Anywhere provider cannot tell which holds its "
                    + "key (with Signer beans defined, " + P + "certificate and " + P + "ssl-bundle are not used)",
                    "Mark the Signer bean to use @Primary, or define only one");
        }
        if (signer == null && !fromProfile && !hasText(properties.getCertificate())) {
            throw new RolesAnywherePropertiesException(P + "enabled=true but no key is configured",
                    "Set " + P + "certificate (a certificate file or a pkcs11: URI; " + P + "private-key for a "
                    + "separate key file), or " + P + "ssl-bundle (an SSL bundle holding the key), or "
                    + P + "profile-name (an AWS config profile), or define a Signer bean");
        }
        Duration stale = orElse(properties.getStaleTime(), RefreshSchedule.DEFAULT_STALE_TIME);
        Duration prefetch = orElse(properties.getPrefetchTime(), RefreshSchedule.DEFAULT_PREFETCH_TIME);
        if (stale.isNegative() || stale.isZero() || prefetch.compareTo(stale) <= 0) {
            throw new RolesAnywherePropertiesException(P + "prefetch-time (" + prefetch + ") must be longer than "
                    + P + "stale-time (" + stale + "), which must be positive",
                    "Change " + P + "prefetch-time or " + P + "stale-time; the defaults are 5 and 1 minutes");
        }
        Duration session = orElse(properties.getSessionDuration(), CreateSessionRequest.DEFAULT_DURATION);
        if (prefetch.compareTo(session) >= 0) {
            throw new RolesAnywherePropertiesException(P + "prefetch-time (" + prefetch + ") must be shorter than "
                    + P + "session-duration (" + session + "), or every call would refresh",
                    "Shorten " + P + "prefetch-time or lengthen " + P + "session-duration");
        }
        Duration warning = properties.getCertificateExpiryWarning();
        if (warning != null && warning.isNegative()) {
            throw new RolesAnywherePropertiesException(P + "certificate-expiry-warning is negative (" + warning + ")",
                    "Set " + P + "certificate-expiry-warning to how long before expiry to warn (default 30d), or 0 "
                    + "for never");
        }
    }

    private static void require(String value, String property, String what) {
        if (!hasText(value)) {
            throw new RolesAnywherePropertiesException(P + property + " is not set",
                    "Set " + P + property + " to " + what + ", or name an AWS config profile that has it in " + P
                    + "profile-name");
        }
    }

    private static Duration orElse(Duration value, Duration otherwise) {
        return value != null ? value : otherwise;
    }

    private static boolean hasText(String value) {
        return value != null && !value.trim().isEmpty();
    }
}
