package dev.rolesanywhere.provider.internal;

import dev.rolesanywhere.core.ConfigurationException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an {@code aws_signing_helper credential-process …} command line, as found in the {@code credential_process}
 * key of existing profiles, into settings served in-process. The program itself is never started, so its path and
 * name do not matter; only the {@code credential-process} sub-command and its options do.
 */
public final class CredentialProcessCommand {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialProcessCommand.class);

    private static final String SUB_COMMAND = "credential-process";
    private static final String PASSWORD_OPTION = "pkcs8-password";
    private static final Set<String> BOOLEAN_OPTIONS =
            new HashSet<>(Arrays.asList("reuse-pin", "debug", "with-proxy", "no-verify-ssl"));
    // Certificate stores and TPM keys are reached by the helper through OS APIs this provider does not use.
    private static final Set<String> KEY_STORE_OPTIONS =
            new HashSet<>(Arrays.asList("cert-selector", "system-store-name", "use-latest-expiring-certificate",
                    "tpm-key-password", "no-tpm-key-password"));

    private CredentialProcessCommand() {
    }

    /**
     * @param source where the line came from, for messages (for example {@code credential_process of profile 'dev'})
     * @throws ConfigurationException when the line is not a {@code credential-process} invocation, or has an unknown,
     *     unsupported or incomplete option
     */
    public static ProviderSettings parse(String line, String source) {
        List<String> words = ShellWords.split(line, source);
        try {
            return parseWords(words, source);
        } catch (ConfigurationException e) {
            throw withoutPassword(e, words, source);
        }
    }

    /**
     * Messages quote the words they complain about, and a stray backslash or quote can shift or glue words so that
     * the PKCS#8 password becomes the word complained about. Such a message is replaced by one that quotes nothing;
     * the original exception, which holds the password, is dropped.
     */
    private static ConfigurationException withoutPassword(ConfigurationException e, List<String> words,
            String source) {
        String message = e.getMessage();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String next = i + 1 < words.size() ? words.get(i + 1) : "";
            boolean leaks = false;
            for (int at = word.indexOf(PASSWORD_OPTION); at >= 0 && !leaks;
                    at = word.indexOf(PASSWORD_OPTION, at + 1)) {
                String rest = word.substring(at + PASSWORD_OPTION.length());
                if (!rest.isEmpty() && (rest.charAt(0) == '=' || Character.isWhitespace(rest.charAt(0)))) {
                    rest = rest.substring(1);
                }
                leaks = mentions(message, rest) || mentions(message, next);
            }
            if (leaks) {
                return new ConfigurationException("The " + source + " cannot be read: an option or its value is "
                        + "malformed near --" + PASSWORD_OPTION + " (details withheld because they would show the "
                        + "password): check the quoting and backslashes around it, and that every option has a "
                        + "value");
            }
        }
        return e;
    }

    private static boolean mentions(String message, String secret) {
        return !secret.trim().isEmpty() && message.contains(secret);
    }

    private static ProviderSettings parseWords(List<String> words, String source) {
        if (words.size() < 2 || !SUB_COMMAND.equals(words.get(1))) {
            String program = words.isEmpty() ? "nothing" : "'" + words.get(0) + "'";
            throw new ConfigurationException("The " + source + " runs " + program + " but not 'aws_signing_helper "
                    + "credential-process': only IAM Roles Anywhere signing-helper lines can be served in-process. "
                    + "Use the SDK's ProcessCredentialsProvider for other programs, or describe the profile with the "
                    + "rolesanywhere_* keys");
        }
        ProviderSettings settings = new ProviderSettings();
        List<String> options = words.subList(2, words.size());
        for (int i = 0; i < options.size(); i++) {
            String word = options.get(i);
            if (!word.startsWith("-") || word.equals("-") || word.equals("--")) {
                throw new ConfigurationException("Unexpected argument '" + word + "' in the " + source
                        + ": every argument after credential-process must be an option such as --certificate");
            }
            String name = word.startsWith("--") ? word.substring(2) : word.substring(1);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (KEY_STORE_OPTIONS.contains(name)) {
                throw new ConfigurationException("Option --" + name + " in the " + source + " selects an operating-"
                        + "system certificate store or a TPM key, which this provider does not read: use a "
                        + "certificate and key file, or a pkcs11: URI (TPMs are reachable through tpm2-pkcs11)");
            }
            if (BOOLEAN_OPTIONS.contains(name)) {
                boolean on = value == null || ProviderSettings.parseBoolean(value, "option --" + name + " of the " + source);
                applyFlag(settings, name, on, source);
                continue;
            }
            if (value == null) {
                if (i + 1 >= options.size() || looksLikeOption(options.get(i + 1))) {
                    throw new ConfigurationException("Option --" + name + " in the " + source + " has no value: "
                            + "write --" + name + " VALUE");
                }
                value = options.get(++i);
            }
            applyValue(settings, name, value, source);
        }
        return settings;
    }

    /**
     * A value that spells an option means the real value was forgotten. Taking it anyway shifts every later word, so
     * a password after {@code --pkcs8-password} would be quoted back as an unexpected argument.
     */
    private static boolean looksLikeOption(String word) {
        if (word.startsWith("--") && word.length() > 2) {
            return true;
        }
        if (!word.startsWith("-")) {
            return false;
        }
        String name = word.substring(1);
        int eq = name.indexOf('=');
        if (eq >= 0) {
            name = name.substring(0, eq);
        }
        return BOOLEAN_OPTIONS.contains(name) || KEY_STORE_OPTIONS.contains(name)
                || knownOptions().contains("--" + name);
    }

    private static void applyFlag(ProviderSettings settings, String name, boolean on, String source) {
        switch (name) {
            case "reuse-pin":
                settings.reusePin = on;
                break;
            case "no-verify-ssl":
                if (on) {
                    throw new ConfigurationException("Option --no-verify-ssl in the " + source + " turns off TLS "
                            + "certificate checks, which this provider never does: remove it, and trust a private "
                            + "endpoint's CA with rolesanywhere_ca_bundle (profile) or caBundle (builder)");
                }
                break;
            case "with-proxy":
                if (on) {
                    LOG.info("Option --with-proxy in the {} is not needed here: the HTTP client follows the JVM's proxy "
                            + "settings (https.proxyHost, https.proxyPort)", source);
                }
                break;
            default:
                // --debug: logging is configured through SLF4J instead.
                break;
        }
    }

    private static void applyValue(ProviderSettings settings, String name, String value, String source) {
        String where = "option --" + name + " of the " + source;
        switch (name) {
            case "certificate":
                settings.certificate = value;
                break;
            case "private-key":
                settings.privateKey = value;
                break;
            case "intermediates":
                settings.intermediates = ProviderSettings.parsePath(value, where);
                break;
            case "trust-anchor-arn":
                settings.trustAnchorArn = value;
                break;
            case "profile-arn":
                settings.profileArn = value;
                break;
            case "role-arn":
                settings.roleArn = value;
                break;
            case "session-duration":
                settings.sessionDuration = ProviderSettings.parseDuration(value, where);
                break;
            case "region":
                settings.region = value;
                break;
            case "endpoint":
                settings.endpoint = ProviderSettings.parseEndpoint(value, where);
                break;
            case "role-session-name":
                settings.roleSessionName = value;
                break;
            case "pkcs11-lib":
                settings.pkcs11Library = value;
                break;
            case "pkcs8-password":
                settings.pkcs8Password = value.toCharArray();
                break;
            default:
                throw new ConfigurationException("Unknown option --" + name + " in the " + source + ": the options "
                        + "understood are " + String.join(", ", knownOptions()));
        }
    }

    private static List<String> knownOptions() {
        return Collections.unmodifiableList(Arrays.asList("--certificate", "--private-key", "--intermediates",
                "--trust-anchor-arn", "--profile-arn", "--role-arn", "--session-duration", "--region", "--endpoint",
                "--role-session-name", "--pkcs11-lib", "--pkcs8-password", "--reuse-pin", "--debug", "--with-proxy")
        );
    }
}
