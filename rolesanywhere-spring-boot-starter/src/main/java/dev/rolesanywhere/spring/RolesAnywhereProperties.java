package dev.rolesanywhere.spring;

import dev.rolesanywhere.core.SessionSpec;
import dev.rolesanywhere.core.SignerSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code aws.rolesanywhere.*}: what a {@link dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider} needs.
 *
 * <p>The key is named by {@code certificate} (a PEM/DER/PKCS#12 file or a {@code pkcs11:} URI) and, for files,
 * {@code private-key}; or it is the key store of the SSL bundle {@code ssl-bundle}; or a {@code Signer} bean. Put a
 * token PIN in the URI's {@code pin-source} (a file only the service account can read) rather than in a property
 * file; a {@code pin-value} is masked in the actuator's {@code env} and {@code configprops} endpoints.
 */
@ConfigurationProperties(prefix = RolesAnywhereProperties.PREFIX)
public class RolesAnywhereProperties {

    /** The property prefix. */
    public static final String PREFIX = "aws.rolesanywhere";

    /** Whether to configure a RolesAnywhereCredentialsProvider bean. */
    private boolean enabled;

    /** Trust anchor ARN; its region is the default region. */
    private String trustAnchorArn;

    /** IAM Roles Anywhere profile ARN. */
    private String profileArn;

    /** ARN of the IAM role to assume. */
    private String roleArn;

    /** Region of the Roles Anywhere endpoint, when it must differ from the trust anchor's. */
    private String region;

    /** Custom Roles Anywhere endpoint (a path prefix is kept and signed). */
    private URI endpoint;

    /** PEM bundle of CA certificates to trust for the endpoint's TLS certificate, instead of the JDK's. */
    private Path caBundle;

    /** Whether to call the FIPS endpoint, rolesanywhere-fips.REGION.amazonaws.com. */
    private Boolean fipsEnabled;

    /** Whether to call the dual-stack (IPv4 and IPv6) endpoint. */
    private Boolean dualstackEnabled;

    /** Lifetime of the session credentials (900 s to 12 h, capped by the profile). */
    private Duration sessionDuration;

    /** Role session name, when the profile accepts one. */
    private String roleSessionName;

    /** Certificate file (PEM, DER or PKCS#12) or pkcs11: URI. */
    private String certificate;

    /** Private key file or pkcs11: URI; defaults to the certificate's location. */
    private String privateKey;

    /** PEM bundle of intermediate CA certificates sent with the leaf. */
    private Path intermediates;

    /** PKCS#11 module used when the URI names none (default: p11-kit-proxy). */
    private String pkcs11Library;

    /** Whether the user PIN also answers context-specific logins (keys with CKA_ALWAYS_AUTHENTICATE). */
    private Boolean reusePin;

    /** AWS config-file profile whose credential_process line or rolesanywhere_* keys configure the provider. */
    private String profileName;

    /** How long before expiry every caller waits for new credentials. */
    private Duration staleTime;

    /** How long before expiry one caller starts refreshing. */
    private Duration prefetchTime;

    /** Whether credentials are refreshed in the background instead of by a caller. */
    private Boolean asyncCredentialUpdateEnabled;

    /**
     * Name of a Spring Boot SSL bundle (spring.ssl.bundle.*) whose key store holds the private key and certificate,
     * instead of certificate/private-key; reloaded when the bundle is.
     */
    private String sslBundle;

    /** How long before the certificate expires to log one warning with its date; 0 for never. */
    private Duration certificateExpiryWarning = Duration.ofDays(30);

    /** What the rolesanywhere health indicator shows. */
    private final Health health = new Health();

    /**
     * The session these properties describe, but for the key: that reaches the provider as a {@code Signer} bean,
     * built from {@link #toSignerSpec()} unless the application defines its own.
     */
    public SessionSpec toSessionSpec() {
        return SessionSpec.builder()
                .trustAnchorArn(trustAnchorArn)
                .profileArn(profileArn)
                .roleArn(roleArn)
                .region(region)
                .endpoint(endpoint)
                .caBundle(caBundle)
                .fipsEnabled(fipsEnabled)
                .dualstackEnabled(dualstackEnabled)
                .sessionDuration(sessionDuration)
                .roleSessionName(roleSessionName)
                .build();
    }

    /**
     * The key these properties name.
     *
     * @throws dev.rolesanywhere.core.ConfigurationException when {@code certificate} is unset or blank
     */
    public SignerSpec toSignerSpec() {
        return SignerSpec.builder()
                .certificate(certificate)
                .privateKey(privateKey)
                .intermediates(intermediates)
                .pkcs11Library(pkcs11Library)
                .reusePin(reusePin)
                .build();
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getTrustAnchorArn() {
        return trustAnchorArn;
    }

    public void setTrustAnchorArn(String trustAnchorArn) {
        this.trustAnchorArn = trustAnchorArn;
    }

    public String getProfileArn() {
        return profileArn;
    }

    public void setProfileArn(String profileArn) {
        this.profileArn = profileArn;
    }

    public String getRoleArn() {
        return roleArn;
    }

    public void setRoleArn(String roleArn) {
        this.roleArn = roleArn;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public URI getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(URI endpoint) {
        this.endpoint = endpoint;
    }

    public Path getCaBundle() {
        return caBundle;
    }

    public void setCaBundle(Path caBundle) {
        this.caBundle = caBundle;
    }

    public Boolean getFipsEnabled() {
        return fipsEnabled;
    }

    public void setFipsEnabled(Boolean fipsEnabled) {
        this.fipsEnabled = fipsEnabled;
    }

    public Boolean getDualstackEnabled() {
        return dualstackEnabled;
    }

    public void setDualstackEnabled(Boolean dualstackEnabled) {
        this.dualstackEnabled = dualstackEnabled;
    }

    public Duration getSessionDuration() {
        return sessionDuration;
    }

    public void setSessionDuration(Duration sessionDuration) {
        this.sessionDuration = sessionDuration;
    }

    public String getRoleSessionName() {
        return roleSessionName;
    }

    public void setRoleSessionName(String roleSessionName) {
        this.roleSessionName = roleSessionName;
    }

    public String getCertificate() {
        return certificate;
    }

    public void setCertificate(String certificate) {
        this.certificate = certificate;
    }

    public String getPrivateKey() {
        return privateKey;
    }

    public void setPrivateKey(String privateKey) {
        this.privateKey = privateKey;
    }

    public Path getIntermediates() {
        return intermediates;
    }

    public void setIntermediates(Path intermediates) {
        this.intermediates = intermediates;
    }

    public String getPkcs11Library() {
        return pkcs11Library;
    }

    public void setPkcs11Library(String pkcs11Library) {
        this.pkcs11Library = pkcs11Library;
    }

    public Boolean getReusePin() {
        return reusePin;
    }

    public void setReusePin(Boolean reusePin) {
        this.reusePin = reusePin;
    }

    public String getProfileName() {
        return profileName;
    }

    public void setProfileName(String profileName) {
        this.profileName = profileName;
    }

    public Duration getStaleTime() {
        return staleTime;
    }

    public void setStaleTime(Duration staleTime) {
        this.staleTime = staleTime;
    }

    public Duration getPrefetchTime() {
        return prefetchTime;
    }

    public void setPrefetchTime(Duration prefetchTime) {
        this.prefetchTime = prefetchTime;
    }

    public String getSslBundle() {
        return sslBundle;
    }

    public void setSslBundle(String sslBundle) {
        this.sslBundle = sslBundle;
    }

    public Duration getCertificateExpiryWarning() {
        return certificateExpiryWarning;
    }

    public void setCertificateExpiryWarning(Duration certificateExpiryWarning) {
        this.certificateExpiryWarning = certificateExpiryWarning;
    }

    public Health getHealth() {
        return health;
    }

    public Boolean getAsyncCredentialUpdateEnabled() {
        return asyncCredentialUpdateEnabled;
    }

    public void setAsyncCredentialUpdateEnabled(Boolean asyncCredentialUpdateEnabled) {
        this.asyncCredentialUpdateEnabled = asyncCredentialUpdateEnabled;
    }

    /** {@code aws.rolesanywhere.health.*}. */
    public static class Health {
        /**
         * Whether the health details name the role, profile and trust anchor ARNs; off, so that an exposed health
         * endpoint does not map the account.
         */
        private boolean showIdentifiers;

        public boolean isShowIdentifiers() {
            return showIdentifiers;
        }

        public void setShowIdentifiers(boolean showIdentifiers) {
            this.showIdentifiers = showIdentifiers;
        }
    }
}
