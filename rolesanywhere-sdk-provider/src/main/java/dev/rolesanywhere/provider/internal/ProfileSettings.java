package dev.rolesanywhere.provider.internal;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.CredentialProcessFlag;
import dev.rolesanywhere.core.CredentialProcessLine;
import dev.rolesanywhere.core.SessionField;
import dev.rolesanywhere.core.SessionSpec;
import dev.rolesanywhere.core.SharedAwsSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Reads a named profile of the AWS config file into a {@link SessionSpec}: the profile's existing
 * {@code credential_process = aws_signing_helper credential-process …} line, or the {@code rolesanywhere_*} keys
 * (which win where both give a value), and under both the settings the signing helper itself would have taken from
 * the environment and the profile ({@link SharedAwsSettings}: FIPS, endpoint URL, CA bundle, attempts, proxy).
 */
public final class ProfileSettings {

    public static final String CREDENTIAL_PROCESS = "credential_process";
    public static final String PREFIX = "rolesanywhere_";
    public static final String TRUST_ANCHOR_ARN = PREFIX + "trust_anchor_arn";
    public static final String PROFILE_ARN = PREFIX + "profile_arn";
    public static final String ROLE_ARN = PREFIX + "role_arn";
    public static final String CERTIFICATE = PREFIX + "certificate";

    private static final Map<String, SessionField> KEYS = keys();

    private ProfileSettings() {
    }

    private static Map<String, SessionField> keys() {
        Map<String, SessionField> keys = new LinkedHashMap<>();
        keys.put(TRUST_ANCHOR_ARN, SessionField.TRUST_ANCHOR_ARN);
        keys.put(PROFILE_ARN, SessionField.PROFILE_ARN);
        keys.put(ROLE_ARN, SessionField.ROLE_ARN);
        keys.put(CERTIFICATE, SessionField.CERTIFICATE);
        keys.put(PREFIX + "private_key", SessionField.PRIVATE_KEY);
        keys.put(PREFIX + "intermediates", SessionField.INTERMEDIATES);
        keys.put(PREFIX + "pkcs11_lib", SessionField.PKCS11_LIBRARY);
        keys.put(PREFIX + "reuse_pin", SessionField.REUSE_PIN);
        keys.put(PREFIX + "region", SessionField.REGION);
        keys.put(PREFIX + "endpoint", SessionField.ENDPOINT);
        keys.put(PREFIX + "ca_bundle", SessionField.CA_BUNDLE);
        keys.put(PREFIX + "session_duration", SessionField.SESSION_DURATION);
        keys.put(PREFIX + "role_session_name", SessionField.ROLE_SESSION_NAME);
        return Collections.unmodifiableMap(keys);
    }

    /** Every {@code rolesanywhere_*} key this reader understands. */
    public static Set<String> keyNames() {
        return KEYS.keySet();
    }

    /** {@link #read(ProfileFile, String, Function)} with this process's environment. */
    public static SessionSpec read(ProfileFile file, String profileName) {
        return read(file, profileName, System::getenv);
    }

    /**
     * Whether the named profile exists and carries IAM Roles Anywhere settings: {@code rolesanywhere_*} keys or a
     * {@code credential_process} line that runs {@code aws_signing_helper}. Checks nothing else; {@link #read} does.
     */
    public static boolean describesRolesAnywhere(ProfileFile file, String profileName) {
        Optional<Profile> found = file.profile(profileName);
        if (!found.isPresent()) {
            return false;
        }
        Map<String, String> properties = found.get().properties();
        String line = properties.get(CREDENTIAL_PROCESS);
        return properties.keySet().stream().anyMatch(k -> k.startsWith(PREFIX))
                || (line != null && line.contains("aws_signing_helper"));
    }

    /**
     * @param environment the variables the signing helper would have seen, {@code System::getenv}
     * @throws ConfigurationException for an unknown profile, a profile without Roles Anywhere settings, a
     *     {@code credential_process} that is not the signing helper or turns off certificate checks, an unknown
     *     {@code rolesanywhere_*} key or a malformed value
     */
    public static SessionSpec read(ProfileFile file, String profileName, Function<String, String> environment) {
        Optional<Profile> found = file.profile(profileName);
        if (!found.isPresent()) {
            throw new ConfigurationException("No profile named '" + profileName + "' in the AWS config file "
                    + "(AWS_CONFIG_FILE, default ~/.aws/config); profiles found: "
                    + new TreeSet<>(file.profiles().keySet()) + ". Add a [profile " + profileName
                    + "] section or correct the profile name");
        }
        Map<String, String> properties = found.get().properties();
        SessionSpec fromKeys = readKeys(properties, profileName);
        String line = properties.get(CREDENTIAL_PROCESS);
        boolean hasKeys = properties.keySet().stream().anyMatch(k -> k.startsWith(PREFIX));
        if (line == null && !hasKeys) {
            throw new ConfigurationException("Profile '" + profileName + "' has no IAM Roles Anywhere settings: add "
                    + "'credential_process = aws_signing_helper credential-process --certificate … --private-key … "
                    + "--trust-anchor-arn … --profile-arn … --role-arn …', or the keys " + KEYS.keySet());
        }
        String servicesName = properties.get(SharedAwsSettings.SERVICES_KEY);
        Map<String, String> services = servicesName == null ? Collections.emptyMap()
                : file.getSection(SharedAwsSettings.SERVICES_KEY, servicesName).map(Profile::properties)
                        .orElse(Collections.emptyMap());
        SessionSpec shared = SharedAwsSettings.read(environment, properties, services, profileName);
        if (line == null) {
            return fromKeys.withDefaultsFrom(shared);
        }
        return fromKeys.withDefaultsFrom(servedInProcess(line, "credential_process of profile '" + profileName + "'"))
                .withDefaultsFrom(shared);
    }

    /** What of a signing-helper line this provider honours, and how. */
    private static SessionSpec servedInProcess(String line, String source) {
        CredentialProcessLine helper = CredentialProcessLine.parse(line, source);
        if (helper.has(CredentialProcessFlag.NO_VERIFY_SSL)) {
            throw new ConfigurationException("Option --no-verify-ssl in the " + source + " turns off TLS "
                    + "certificate checks, which this provider never does: remove it, and trust a private "
                    + "endpoint's CA with rolesanywhere_ca_bundle (profile) or caBundle (builder)");
        }
        // --with-proxy changes nothing, as in the signing helper since 1.7.0: HTTPS_PROXY and NO_PROXY always apply.
        // --debug: logging is configured through SLF4J instead.
        return helper.sessionSpec().toBuilder().debugLoggingEnabled(null).trustAllCertificatesEnabled(null).build();
    }

    private static SessionSpec readKeys(Map<String, String> properties, String profileName) {
        SessionSpec.Builder spec = SessionSpec.builder();
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
            SessionField field = KEYS.get(key);
            if (field == null) {
                throw new ConfigurationException("Unknown " + where + ": the IAM Roles Anywhere keys are "
                        + KEYS.keySet());
            }
            field.apply(spec, value, where);
        }
        return spec.build();
    }
}
