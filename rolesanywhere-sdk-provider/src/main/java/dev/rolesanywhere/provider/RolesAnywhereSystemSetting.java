package dev.rolesanywhere.provider;

import dev.rolesanywhere.core.SessionField;
import dev.rolesanywhere.core.SessionSpec;
import dev.rolesanywhere.core.SharedAwsSettings;
import java.util.Optional;

/**
 * The system properties and environment variables {@link RolesAnywhereCredentialsProvider#create()} reads. A system
 * property wins over the environment variable of the same setting.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>System property</th><th>Environment variable</th><th>Meaning</th></tr>
 *   <tr><td>aws.rolesanywhere.trustAnchorArn</td><td>AWS_ROLESANYWHERE_TRUST_ANCHOR_ARN</td><td>required</td></tr>
 *   <tr><td>aws.rolesanywhere.profileArn</td><td>AWS_ROLESANYWHERE_PROFILE_ARN</td><td>required</td></tr>
 *   <tr><td>aws.rolesanywhere.roleArn</td><td>AWS_ROLESANYWHERE_ROLE_ARN</td><td>required</td></tr>
 *   <tr><td>aws.rolesanywhere.certificate</td><td>AWS_ROLESANYWHERE_CERTIFICATE</td><td>file path or pkcs11: URI,
 *       required</td></tr>
 *   <tr><td>aws.rolesanywhere.privateKey</td><td>AWS_ROLESANYWHERE_PRIVATE_KEY</td><td>file path or pkcs11: URI</td></tr>
 *   <tr><td>aws.rolesanywhere.intermediates</td><td>AWS_ROLESANYWHERE_INTERMEDIATES</td><td>PEM bundle path</td></tr>
 *   <tr><td>aws.rolesanywhere.pkcs11Library</td><td>AWS_ROLESANYWHERE_PKCS11_LIBRARY</td><td>module path</td></tr>
 *   <tr><td>aws.rolesanywhere.reusePin</td><td>AWS_ROLESANYWHERE_REUSE_PIN</td><td>true/false</td></tr>
 *   <tr><td>aws.rolesanywhere.region</td><td>AWS_ROLESANYWHERE_REGION</td><td>default: the trust anchor's</td></tr>
 *   <tr><td>aws.rolesanywhere.endpoint</td><td>AWS_ROLESANYWHERE_ENDPOINT</td><td>https URI</td></tr>
 *   <tr><td>aws.rolesanywhere.caBundle</td><td>AWS_ROLESANYWHERE_CA_BUNDLE</td><td>PEM file of trusted CAs for the
 *       endpoint</td></tr>
 *   <tr><td>aws.rolesanywhere.sessionDuration</td><td>AWS_ROLESANYWHERE_SESSION_DURATION</td><td>seconds (900..43200)
 *       or ISO-8601 such as PT1H</td></tr>
 *   <tr><td>aws.rolesanywhere.roleSessionName</td><td>AWS_ROLESANYWHERE_ROLE_SESSION_NAME</td><td></td></tr>
 * </table>
 *
 * <p>Below these, the variables every AWS tool reads apply as {@link SharedAwsSettings} lists them:
 * {@code AWS_USE_FIPS_ENDPOINT}, {@code AWS_USE_DUALSTACK_ENDPOINT}, {@code AWS_ENDPOINT_URL_ROLESANYWHERE},
 * {@code AWS_ENDPOINT_URL}, {@code AWS_CA_BUNDLE}, {@code AWS_MAX_ATTEMPTS}, {@code HTTPS_PROXY} and {@code NO_PROXY}.
 */
// Not a software.amazon.awssdk.utils.SystemSetting: that interface is @SdkProtectedApi, not for other libraries' API.
public enum RolesAnywhereSystemSetting {
    TRUST_ANCHOR_ARN("trustAnchorArn", "TRUST_ANCHOR_ARN", SessionField.TRUST_ANCHOR_ARN),
    PROFILE_ARN("profileArn", "PROFILE_ARN", SessionField.PROFILE_ARN),
    ROLE_ARN("roleArn", "ROLE_ARN", SessionField.ROLE_ARN),
    CERTIFICATE("certificate", "CERTIFICATE", SessionField.CERTIFICATE),
    PRIVATE_KEY("privateKey", "PRIVATE_KEY", SessionField.PRIVATE_KEY),
    INTERMEDIATES("intermediates", "INTERMEDIATES", SessionField.INTERMEDIATES),
    PKCS11_LIBRARY("pkcs11Library", "PKCS11_LIBRARY", SessionField.PKCS11_LIBRARY),
    REUSE_PIN("reusePin", "REUSE_PIN", SessionField.REUSE_PIN),
    REGION("region", "REGION", SessionField.REGION),
    ENDPOINT("endpoint", "ENDPOINT", SessionField.ENDPOINT),
    CA_BUNDLE("caBundle", "CA_BUNDLE", SessionField.CA_BUNDLE),
    SESSION_DURATION("sessionDuration", "SESSION_DURATION", SessionField.SESSION_DURATION),
    ROLE_SESSION_NAME("roleSessionName", "ROLE_SESSION_NAME", SessionField.ROLE_SESSION_NAME);

    private final String property;
    private final String environmentVariable;
    private final SessionField field;

    RolesAnywhereSystemSetting(String propertySuffix, String environmentSuffix, SessionField field) {
        this.property = "aws.rolesanywhere." + propertySuffix;
        this.environmentVariable = "AWS_ROLESANYWHERE_" + environmentSuffix;
        this.field = field;
    }

    /**
     * The settings given as system properties or environment variables, blank ones counting as unset. The variables
     * every AWS tool reads ({@link SharedAwsSettings}: AWS_USE_FIPS_ENDPOINT, AWS_ENDPOINT_URL, …) are not among them:
     * they rank below a profile's own keys, so {@code create()} adds them last.
     */
    static SessionSpec sessionSpec() {
        SessionSpec.Builder spec = SessionSpec.builder();
        for (RolesAnywhereSystemSetting setting : values()) {
            setting.value().map(String::trim).filter(v -> !v.isEmpty()).ifPresent(value -> setting.field
                    .apply(spec, value, "system property " + setting.property + " / environment variable "
                            + setting.environmentVariable));
        }
        return spec.build();
    }

    /** The system property, such as {@code aws.rolesanywhere.trustAnchorArn}. */
    public String property() {
        return property;
    }

    /** The environment variable, such as {@code AWS_ROLESANYWHERE_TRUST_ANCHOR_ARN}. */
    public String environmentVariable() {
        return environmentVariable;
    }

    /** The value: the system property if set, else the environment variable. */
    public Optional<String> value() {
        String fromProperty = System.getProperty(property);
        return Optional.ofNullable(fromProperty != null ? fromProperty : System.getenv(environmentVariable));
    }
}
