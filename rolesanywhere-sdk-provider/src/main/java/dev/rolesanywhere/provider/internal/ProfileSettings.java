package dev.rolesanywhere.provider.internal;

import dev.rolesanywhere.core.ConfigurationException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Reads a provider configuration from a named profile of the AWS config file: either the profile's existing
 * {@code credential_process = aws_signing_helper credential-process …} line, or the {@code rolesanywhere_*} keys
 * (which win where both give a value).
 */
public final class ProfileSettings {
    public static final String CREDENTIAL_PROCESS = "credential_process";
    public static final String PREFIX = "rolesanywhere_";
    public static final String TRUST_ANCHOR_ARN = PREFIX + "trust_anchor_arn";
    public static final String PROFILE_ARN = PREFIX + "profile_arn";
    public static final String ROLE_ARN = PREFIX + "role_arn";
    public static final String CERTIFICATE = PREFIX + "certificate";
    public static final String PRIVATE_KEY = PREFIX + "private_key";
    public static final String INTERMEDIATES = PREFIX + "intermediates";
    public static final String PKCS11_LIB = PREFIX + "pkcs11_lib";
    public static final String REUSE_PIN = PREFIX + "reuse_pin";
    public static final String REGION = PREFIX + "region";
    public static final String ENDPOINT = PREFIX + "endpoint";
    public static final String CA_BUNDLE = PREFIX + "ca_bundle";
    public static final String SESSION_DURATION = PREFIX + "session_duration";
    public static final String ROLE_SESSION_NAME = PREFIX + "role_session_name";

    private static final List<String> KEYS = Collections.unmodifiableList(Arrays.asList(TRUST_ANCHOR_ARN, PROFILE_ARN,
            ROLE_ARN, CERTIFICATE, PRIVATE_KEY, INTERMEDIATES, PKCS11_LIB, REUSE_PIN, REGION, ENDPOINT, CA_BUNDLE,
            SESSION_DURATION, ROLE_SESSION_NAME));

    private ProfileSettings() {
    }

    /**
     * @throws ConfigurationException for an unknown profile, a profile without Roles Anywhere settings, a
     *     {@code credential_process} that is not the signing helper, an unknown {@code rolesanywhere_*} key or a
     *     malformed value
     */
    public static ProviderSettings read(ProfileFile file, String profileName) {
        Optional<Profile> found = file.profile(profileName);
        if (!found.isPresent()) {
            throw new ConfigurationException("No profile named '" + profileName + "' in the AWS config file "
                    + "(AWS_CONFIG_FILE, default ~/.aws/config); profiles found: "
                    + new TreeSet<>(file.profiles().keySet()) + ". Add a [profile " + profileName
                    + "] section or correct the profile name");
        }
        Map<String, String> properties = found.get().properties();
        ProviderSettings fromKeys = readKeys(properties, profileName);
        String line = properties.get(CREDENTIAL_PROCESS);
        boolean hasKeys = properties.keySet().stream().anyMatch(k -> k.startsWith(PREFIX));
        if (line == null && !hasKeys) {
            throw new ConfigurationException("Profile '" + profileName + "' has no IAM Roles Anywhere settings: add "
                    + "'credential_process = aws_signing_helper credential-process --certificate … --private-key … "
                    + "--trust-anchor-arn … --profile-arn … --role-arn …', or the keys " + KEYS);
        }
        if (line != null) {
            fromKeys.fillFrom(CredentialProcessCommand.parse(line,
                    "credential_process of profile '" + profileName + "'"));
        }
        return fromKeys;
    }

    private static ProviderSettings readKeys(Map<String, String> properties, String profileName) {
        ProviderSettings s = new ProviderSettings();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String value = e.getValue().trim();
            String where = "key " + key + " of profile '" + profileName + "'";
            if (value.isEmpty()) {
                throw new ConfigurationException("The " + where + " is empty: give it a value or remove the line");
            }
            apply(s, key, value, where);
        }
        return s;
    }

    private static void apply(ProviderSettings s, String key, String value, String where) {
        switch (key) {
            case TRUST_ANCHOR_ARN:
                s.trustAnchorArn = value;
                break;
            case PROFILE_ARN:
                s.profileArn = value;
                break;
            case ROLE_ARN:
                s.roleArn = value;
                break;
            case CERTIFICATE:
                s.certificate = value;
                break;
            case PRIVATE_KEY:
                s.privateKey = value;
                break;
            case INTERMEDIATES:
                s.intermediates = ProviderSettings.parsePath(value, where);
                break;
            case PKCS11_LIB:
                s.pkcs11Library = value;
                break;
            case REUSE_PIN:
                s.reusePin = ProviderSettings.parseBoolean(value, where);
                break;
            case REGION:
                s.region = value;
                break;
            case ENDPOINT:
                s.endpoint = ProviderSettings.parseEndpoint(value, where);
                break;
            case CA_BUNDLE:
                s.caBundle = ProviderSettings.parsePath(value, where);
                break;
            case SESSION_DURATION:
                s.sessionDuration = ProviderSettings.parseDuration(value, where);
                break;
            case ROLE_SESSION_NAME:
                s.roleSessionName = value;
                break;
            default:
                throw new ConfigurationException("Unknown " + where + ": the IAM Roles Anywhere keys are " + KEYS);
        }
    }
}
