package dev.rolesanywhere.cli.internal;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.SessionField;
import dev.rolesanywhere.core.SessionSpec;
import dev.rolesanywhere.core.SharedAwsSettings;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Map;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * What the environment and the shared config file add to the command line's flags, read as the reference tool's AWS
 * SDK for Go reads them ({@link SharedAwsSettings}: FIPS, dual-stack, endpoint URL, CA bundle, attempts, proxy) for
 * the profile {@code AWS_PROFILE} (else {@code default}) of {@code AWS_CONFIG_FILE} (else {@code ~/.aws/config}); and,
 * where no CA bundle is configured, the trusted roots Go's TLS stack takes from {@code SSL_CERT_FILE} or
 * {@code SSL_CERT_DIR}.
 */
public final class EnvironmentSettings {

    private EnvironmentSettings() {
    }

    /**
     * @param certificateChecksOff whether {@code --no-verify-ssl} is given: a CA bundle from the environment is moot
     *                             then, and not in conflict
     */
    public static SessionSpec read(CliContext context, boolean certificateChecksOff) {
        String profileName = context.env("AWS_PROFILE") != null ? context.env("AWS_PROFILE") : "default";
        Map<String, String> profile = Collections.emptyMap();
        Map<String, String> services = Collections.emptyMap();
        ProfileFile config = configFile(context);
        if (config != null) {
            profile = config.profile(profileName).map(Profile::properties).orElse(Collections.emptyMap());
            String servicesName = profile.get(SharedAwsSettings.SERVICES_KEY);
            if (servicesName != null) {
                services = config.getSection(SharedAwsSettings.SERVICES_KEY, servicesName).map(Profile::properties)
                        .orElse(Collections.emptyMap());
            }
        }
        SessionSpec.Builder spec = SharedAwsSettings.read(context::env, profile, services, profileName).toBuilder();
        SessionSpec shared = spec.build();
        if (certificateChecksOff) {
            spec.caBundle(null);
        } else if (!shared.isSet(SessionField.CA_BUNDLE)) {
            applySystemRoots(context, spec);
        }
        return spec.build();
    }

    private static void applySystemRoots(CliContext context, SessionSpec.Builder spec) {
        if (context.env("SSL_CERT_FILE") != null) {
            SessionField.CA_BUNDLE.apply(spec, context.env("SSL_CERT_FILE"), "environment variable SSL_CERT_FILE");
        } else if (context.env("SSL_CERT_DIR") != null) {
            // A list like PATH; the first directory is used (a bundle names one source of trust).
            String first = context.env("SSL_CERT_DIR").split(File.pathSeparator, -1)[0];
            if (!first.isEmpty()) {
                SessionField.CA_BUNDLE.apply(spec, first, "environment variable SSL_CERT_DIR");
            }
        }
    }

    private static ProfileFile configFile(CliContext context) {
        String configured = context.env("AWS_CONFIG_FILE");
        Path file = configured == null ? context.userHome().resolve(".aws").resolve("config")
                : configured.startsWith("~/") ? context.userHome().resolve(configured.substring(2))
                : Paths.get(configured);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return ProfileFile.builder().content(file).type(ProfileFile.Type.CONFIGURATION).build();
        } catch (RuntimeException e) {
            throw new ConfigurationException("The AWS config file " + file + " cannot be read: " + e.getMessage()
                    + ". Correct it, or point AWS_CONFIG_FILE at another file", e);
        }
    }
}
