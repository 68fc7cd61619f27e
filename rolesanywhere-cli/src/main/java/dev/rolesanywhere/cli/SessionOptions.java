package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CredentialsFetcher;
import dev.rolesanywhere.core.ConfigurationException;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The flags shared by every command that obtains credentials, spelled as the reference {@code aws_signing_helper}
 * spells them so existing {@code credential_process} lines keep working, plus a few extras ({@code --ca-bundle},
 * {@code --proxy}).
 */
public final class SessionOptions {

    @Option(names = "--certificate", paramLabel = "FILE|URI",
            description = "Certificate: PEM or DER file, PKCS#12 file, or a pkcs11: URI")
    String certificate;

    @Option(names = "--private-key", paramLabel = "FILE|URI",
            description = "Private key: PEM or DER file, or a pkcs11: URI (omit for PKCS#12 or when the token holds it"
                    + " next to the certificate)")
    String privateKey;

    @Option(names = "--intermediates", paramLabel = "FILE", description = "PEM bundle of intermediate certificates")
    Path intermediates;

    @Option(names = "--trust-anchor-arn", paramLabel = "ARN", description = "Trust anchor ARN")
    String trustAnchorArn;

    @Option(names = "--profile-arn", paramLabel = "ARN", description = "Profile ARN")
    String profileArn;

    @Option(names = "--role-arn", paramLabel = "ARN", description = "Role to assume")
    String roleArn;

    @Option(names = "--session-duration", paramLabel = "SECONDS", defaultValue = "3600",
            description = "Session duration, 900..43200 (default: ${DEFAULT-VALUE})")
    int sessionDuration;

    @Option(names = "--region", description = "Region (default: the trust anchor's)")
    String region;

    @Option(names = "--endpoint", paramLabel = "URL", description = "Roles Anywhere endpoint (a path prefix is kept)")
    String endpoint;

    @Option(names = "--no-verify-ssl", description = "Do not verify the endpoint's TLS certificate (testing only)")
    boolean noVerifySsl;

    @Option(names = "--ca-bundle", paramLabel = "FILE",
            description = "PEM bundle of CA certificates to trust for the endpoint instead of the system ones")
    Path caBundle;

    @Option(names = "--with-proxy", description = "Use the proxy from HTTPS_PROXY / NO_PROXY")
    boolean withProxy;

    @Option(names = "--proxy", paramLabel = "URL", description = "Use this HTTP proxy (http://[user:password@]host:port)")
    URI proxy;

    @Option(names = "--role-session-name", paramLabel = "NAME", description = "Role session name")
    String roleSessionName;

    @Option(names = "--pkcs11-lib", paramLabel = "FILE",
            description = "PKCS#11 module (default: p11-kit-proxy.so, or module-path in the URI)")
    String pkcs11Lib;

    @Option(names = "--reuse-pin", description = "Use the user PIN for keys that need a login before every signature")
    boolean reusePin;

    @Option(names = "--pkcs8-password", paramLabel = "PASSWORD", description = "Password of an encrypted PKCS#8 key")
    char[] pkcs8Password;

    @Option(names = "--debug", description = "Log requests and decisions on stderr (never secrets)")
    boolean debug;

    // Accepted for compatibility; refused with an explanation because these stores are not reachable from Java here.
    @Option(names = "--cert-selector", hidden = true)
    String certSelector;

    @Option(names = "--system-store-name", hidden = true)
    String systemStoreName;

    @Option(names = "--use-latest-expiring-certificate", hidden = true)
    boolean useLatestExpiringCertificate;

    @Option(names = "--tpm-key-password", hidden = true)
    String tpmKeyPassword;

    @Option(names = "--no-tpm-key-password", hidden = true)
    boolean noTpmKeyPassword;

    /** The flags as fetcher settings, after refusing the ones this platform cannot honour. */
    CredentialsFetcher.Settings settings() {
        rejectUnsupported();
        CredentialsFetcher.Settings s = new CredentialsFetcher.Settings();
        s.certificate = certificate;
        s.privateKey = privateKey;
        s.intermediates = intermediates;
        s.trustAnchorArn = trustAnchorArn;
        s.profileArn = profileArn;
        s.roleArn = roleArn;
        s.sessionDurationSeconds = sessionDuration;
        s.region = region;
        s.endpoint = endpoint;
        s.noVerifySsl = noVerifySsl;
        s.caBundle = caBundle;
        s.withProxy = withProxy;
        s.proxy = proxy;
        s.roleSessionName = roleSessionName;
        s.pkcs11Library = pkcs11Lib;
        s.reusePin = reusePin;
        s.pkcs8Password = pkcs8Password;
        s.debug = debug;
        return s;
    }

    private void rejectUnsupported() {
        String flag = null;
        if (certSelector != null) {
            flag = "--cert-selector";
        } else if (systemStoreName != null) {
            flag = "--system-store-name";
        } else if (useLatestExpiringCertificate) {
            flag = "--use-latest-expiring-certificate";
        }
        if (flag != null) {
            throw new ConfigurationException(flag + " (the Windows/macOS certificate store) is not supported on this "
                    + "platform; use a pkcs11: URI or a PKCS#12/KeyStore file with --certificate");
        }
        if (tpmKeyPassword != null || noTpmKeyPassword) {
            throw new ConfigurationException((noTpmKeyPassword ? "--no-tpm-key-password" : "--tpm-key-password")
                    + " (TPM 2.0 key files) is not supported on this platform; reach the TPM through its PKCS#11 module "
                    + "(tpm2-pkcs11) with a pkcs11: URI, or use a KeyStore file");
        }
    }
}
