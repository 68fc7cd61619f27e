package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CliContext;
import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.CredentialProcessFlag;
import dev.rolesanywhere.core.SessionField;
import dev.rolesanywhere.core.SessionSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The flags of every command that obtains credentials: the key flags, and the session and endpoint flags of the
 * reference {@code aws_signing_helper credential-process} (the table {@link CredentialProcessFlag}), spelled as it
 * spells them so existing {@code credential_process} lines keep working, plus a few extras ({@code --ca-bundle},
 * {@code --proxy}).
 */
public final class SessionOptions {

    @Mixin
    SignerOptions key;

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

    /** The flags as a session spec, after refusing the ones this platform cannot honour and naming missing ones. */
    SessionSpec sessionSpec(CliContext context) {
        rejectUnsupported();
        SessionSpec.Builder spec = SessionSpec.builder()
                .signerSpec(key.signerSpec(context))
                .trustAnchorArn(require(trustAnchorArn, CredentialProcessFlag.TRUST_ANCHOR_ARN,
                        "arn:aws:rolesanywhere:REGION:ACCOUNT:trust-anchor/ID"))
                .profileArn(require(profileArn, CredentialProcessFlag.PROFILE_ARN,
                        "arn:aws:rolesanywhere:REGION:ACCOUNT:profile/ID"))
                .roleArn(require(roleArn, CredentialProcessFlag.ROLE_ARN, "arn:aws:iam::ACCOUNT:role/NAME"))
                .sessionDuration(Duration.ofSeconds(sessionDuration))
                .roleSessionName(roleSessionName)
                .region(region)
                .caBundle(caBundle)
                .trustAllCertificatesEnabled(noVerifySsl)
                .debugLoggingEnabled(key.debug);
        if (endpoint != null) {
            SessionField.ENDPOINT.apply(spec, endpoint, "--endpoint");
        }
        applyProxy(spec, context);
        return spec.build();
    }

    private static String require(String value, CredentialProcessFlag flag, String example) {
        if (value == null || value.trim().isEmpty()) {
            throw new ConfigurationException("Missing " + flag.flag() + "; give " + example);
        }
        return value;
    }

    /** --proxy, else with --with-proxy HTTPS_PROXY; NO_PROXY applies to either. */
    private void applyProxy(SessionSpec.Builder spec, CliContext context) {
        if (proxy != null) {
            SessionField.PROXY.apply(spec, proxy.toString(), "--proxy");
        } else if (withProxy) {
            String fromEnvironment = firstOf(context, "HTTPS_PROXY", "https_proxy");
            if (fromEnvironment == null) {
                throw new ConfigurationException("--with-proxy was given but HTTPS_PROXY is not set; set HTTPS_PROXY="
                        + "http://host:port or pass --proxy http://host:port");
            }
            SessionField.PROXY.apply(spec, fromEnvironment, "HTTPS_PROXY");
        } else {
            return;
        }
        String noProxy = firstOf(context, "NO_PROXY", "no_proxy");
        if (noProxy != null) {
            SessionField.NON_PROXY_HOSTS.apply(spec, noProxy, "NO_PROXY");
        }
    }

    private static String firstOf(CliContext context, String... names) {
        for (String name : names) {
            String value = context.env(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private void rejectUnsupported() {
        CredentialProcessFlag refused = certSelector != null ? CredentialProcessFlag.CERT_SELECTOR
                : systemStoreName != null ? CredentialProcessFlag.SYSTEM_STORE_NAME
                : useLatestExpiringCertificate ? CredentialProcessFlag.USE_LATEST_EXPIRING_CERTIFICATE
                : tpmKeyPassword != null ? CredentialProcessFlag.TPM_KEY_PASSWORD
                : noTpmKeyPassword ? CredentialProcessFlag.NO_TPM_KEY_PASSWORD
                : null;
        if (refused != null) {
            throw refused.unsupported(null);
        }
    }
}
