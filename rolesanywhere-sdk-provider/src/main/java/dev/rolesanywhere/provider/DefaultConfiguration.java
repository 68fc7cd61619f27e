package dev.rolesanywhere.provider;

import dev.rolesanywhere.core.SessionField;
import dev.rolesanywhere.core.SessionSpec;
import dev.rolesanywhere.core.SharedAwsSettings;
import dev.rolesanywhere.provider.internal.ProfileSettings;
import java.util.Arrays;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;

/**
 * Where {@link RolesAnywhereCredentialsProvider#create()} finds its configuration, read at first use as the SDK's own
 * {@code create()} providers read theirs: the {@code aws.rolesanywhere.*} system properties and
 * {@code AWS_ROLESANYWHERE_*} environment variables, then the active profile of the AWS config file ({@code aws.profile},
 * {@code AWS_PROFILE}, else {@code default}) when it has a {@code credential_process = aws_signing_helper …} line or
 * {@code rolesanywhere_*} keys, then the settings every AWS tool reads ({@code AWS_USE_FIPS_ENDPOINT}, {@code AWS_CA_BUNDLE},
 * …). Each source wins over the ones after it.
 */
final class DefaultConfiguration {
    private DefaultConfiguration() {
    }

    /**
     * A configured builder.
     *
     * @throws dev.rolesanywhere.core.ConfigurationException when neither source says anything about IAM Roles
     *     Anywhere (a provider chain then moves on), or a setting is malformed
     */
    static RolesAnywhereCredentialsProvider.Builder resolve() {
        SessionSpec settings = RolesAnywhereSystemSetting.sessionSpec();
        boolean settingsGiven = Arrays.stream(SessionField.values()).anyMatch(settings::isSet);
        String profileName = ProfileFileSystemSetting.AWS_PROFILE.getStringValueOrThrow();
        ProfileFile profileFile = ProfileFile.defaultProfileFile();
        boolean profileGiven = ProfileSettings.describesRolesAnywhere(profileFile, profileName);
        if (!settingsGiven && !profileGiven) {
            throw new dev.rolesanywhere.core.ConfigurationException("No IAM Roles Anywhere configuration found: no "
                    + "aws.rolesanywhere.* system property or AWS_ROLESANYWHERE_* environment variable is set, and "
                    + "profile '" + profileName + "' of the AWS config file has neither a 'credential_process = "
                    + "aws_signing_helper credential-process …' line nor rolesanywhere_* keys. Set one of them, or "
                    + "configure RolesAnywhereCredentialsProvider.builder() in code");
        }
        RolesAnywhereCredentialsProvider.Builder builder = RolesAnywhereCredentialsProvider.builder();
        if (profileGiven) {
            // The profile reader puts the shared AWS settings (environment, then profile) below the profile's keys.
            return builder.sessionSpec(settings).profileFile(profileFile).profileName(profileName);
        }
        return builder.sessionSpec(settings.withDefaultsFrom(SharedAwsSettings.read(System::getenv, null, null, null)));
    }
}
