package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CliContext;
import dev.rolesanywhere.cli.internal.CredentialsFetcher;
import dev.rolesanywhere.cli.internal.EnvironmentSettings;
import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.CredentialProcessFlag;
import dev.rolesanywhere.core.SessionField;
import dev.rolesanywhere.core.SessionSpec;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The flags of every command that obtains credentials: the key flags, and the session and endpoint flags of the
 * reference {@code aws_signing_helper credential-process} (the table {@link CredentialProcessFlag}), spelled as it
 * spells them so existing {@code credential_process} lines keep working, plus a few extras ({@code --ca-bundle},
 * {@code --proxy}). Under the flags, the environment and shared config apply as for AWS tooling
 * ({@link EnvironmentSettings}).
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

    @Option(names = "--session-duration", paramLabel = "SECONDS",
            description = "Session duration in seconds, 900..43200 (default: 3600)")
    String sessionDuration;

    @Option(names = "--region", description = "Region (default: the trust anchor's)")
    String region;

    @Option(names = "--endpoint", paramLabel = "URL", description = "Roles Anywhere endpoint (a path prefix is kept; "
            + "wins over AWS_ENDPOINT_URL_ROLESANYWHERE, AWS_ENDPOINT_URL and the profile's endpoint_url)")
    String endpoint;

    @Option(names = "--no-verify-ssl", arity = "0..1",
            description = "Do not verify the endpoint's TLS certificate (testing only)")
    boolean noVerifySsl;

    @Option(names = "--ca-bundle", paramLabel = "FILE",
            description = "PEM bundle of CA certificates to trust for the endpoint instead of the system ones "
                    + "(default: AWS_CA_BUNDLE, the profile's ca_bundle, SSL_CERT_FILE, SSL_CERT_DIR)")
    String caBundle;

    @Option(names = "--with-proxy", arity = "0..1",
            description = "Accepted for compatibility: HTTPS_PROXY and NO_PROXY always apply, as in the reference tool "
                    + "since 1.7.0")
    boolean withProxy;

    @Option(names = "--proxy", paramLabel = "URL",
            description = "Proxy to use instead of HTTPS_PROXY: http://[user:password@]host:port, or https:// for TLS "
                    + "to the proxy")
    String proxy;

    @Option(names = "--role-session-name", paramLabel = "NAME", description = "Role session name")
    String roleSessionName;

    /**
     * The flags as a session spec, over what the environment and the shared config file say, after refusing the
     * flags this platform cannot honour and naming missing ones.
     */
    SessionSpec sessionSpec(CliContext context) {
        SessionSpec.Builder spec = SessionSpec.builder()
                .signerSpec(key.signerSpec(context))
                .trustAnchorArn(require(trustAnchorArn, CredentialProcessFlag.TRUST_ANCHOR_ARN,
                        "arn:aws:rolesanywhere:REGION:ACCOUNT:trust-anchor/ID"))
                .profileArn(require(profileArn, CredentialProcessFlag.PROFILE_ARN,
                        "arn:aws:rolesanywhere:REGION:ACCOUNT:profile/ID"))
                .roleArn(require(roleArn, CredentialProcessFlag.ROLE_ARN, "arn:aws:iam::ACCOUNT:role/NAME"))
                .sessionDuration(seconds(SignerOptions.given(sessionDuration)))
                .roleSessionName(SignerOptions.given(roleSessionName))
                .region(SignerOptions.given(region))
                .trustAllCertificatesEnabled(noVerifySsl)
                .debugLoggingEnabled(key.debug);
        apply(spec, SessionField.ENDPOINT, endpoint, "--endpoint");
        apply(spec, SessionField.CA_BUNDLE, caBundle, "--ca-bundle");
        apply(spec, SessionField.PROXY, proxy, "--proxy");
        return spec.build().withDefaultsFrom(EnvironmentSettings.read(context, noVerifySsl));
    }

    /** The fetcher for these flags; an encrypted key given no password is asked for at the terminal. */
    CredentialsFetcher open(CliContext context) {
        return CredentialsFetcher.open(sessionSpec(context), key -> SignerOptions.open(key, context));
    }

    private static void apply(SessionSpec.Builder spec, SessionField field, String value, String flag) {
        if (SignerOptions.given(value) != null) {
            field.apply(spec, value, flag);
        }
    }

    /** Whole seconds, as the reference tool takes them; an ISO-8601 duration is refused with the right spelling. */
    private static Duration seconds(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            throw new ConfigurationException("Invalid --session-duration '" + text + "': give whole seconds from 900 "
                    + "to 43200, for example --session-duration 3600");
        }
    }

    private static String require(String value, CredentialProcessFlag flag, String example) {
        if (value == null || value.trim().isEmpty()) {
            throw new ConfigurationException("Missing " + flag.flag() + "; give " + example);
        }
        return value;
    }
}
