package dev.rolesanywhere.core;

import static dev.rolesanywhere.core.internal.PinRedaction.redact;

import dev.rolesanywhere.core.internal.ShellWords;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An {@code aws_signing_helper credential-process …} command line, as found in the {@code credential_process} key of
 * existing AWS profiles, read into a {@link SessionSpec} with the {@link CredentialProcessFlag} table. Nothing is
 * started, so the program's path and name do not matter; only the {@code credential-process} sub-command and its
 * options do. Words are split as a POSIX shell splits simple lines, without expanding anything.
 */
public final class CredentialProcessLine {
    private static final String SUB_COMMAND = "credential-process";

    private final SessionSpec sessionSpec;
    private final Set<CredentialProcessFlag> flags;

    private CredentialProcessLine(SessionSpec sessionSpec, Set<CredentialProcessFlag> flags) {
        this.sessionSpec = sessionSpec;
        this.flags = Collections.unmodifiableSet(flags);
    }

    /**
     * @param source where the line came from, for messages: {@code credential_process of profile 'dev'}
     * @throws ConfigurationException when the line is not a {@code credential-process} invocation, or has an unknown,
     *     unsupported or incomplete option, or a malformed value; the message never quotes the PKCS#8 password
     */
    public static CredentialProcessLine parse(String line, String source) {
        List<String> words = ShellWords.split(line, source);
        try {
            return parseWords(words, source);
        } catch (ConfigurationException e) {
            throw withoutPassword(e, words, source);
        }
    }

    /** The values the options set. */
    public SessionSpec sessionSpec() {
        return sessionSpec;
    }

    /** Whether the line gives {@code flag} (a switch only when it is on). */
    public boolean has(CredentialProcessFlag flag) {
        return flags.contains(flag);
    }

    private static CredentialProcessLine parseWords(List<String> words, String source) {
        if (words.size() < 2 || !SUB_COMMAND.equals(words.get(1))) {
            String program = words.isEmpty() ? "nothing" : "'" + redact(words.get(0)) + "'";
            throw new ConfigurationException("The " + source + " runs " + program + " but not 'aws_signing_helper "
                    + "credential-process': only IAM Roles Anywhere signing-helper lines can be served in-process. "
                    + "Use the SDK's ProcessCredentialsProvider for other programs, or describe the profile with the "
                    + "rolesanywhere_* keys");
        }
        SessionSpec.Builder spec = SessionSpec.builder();
        Set<CredentialProcessFlag> given = EnumSet.noneOf(CredentialProcessFlag.class);
        List<String> options = words.subList(2, words.size());
        for (int i = 0; i < options.size(); i++) {
            String word = options.get(i);
            if (!word.startsWith("-") || word.equals("-") || word.equals("--")) {
                throw new ConfigurationException("Unexpected argument '" + redact(word) + "' in the " + source
                        + ": every argument after credential-process must be an option such as --certificate");
            }
            String name = word.startsWith("--") ? word.substring(2) : word.substring(1);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            String option = name;
            CredentialProcessFlag flag = CredentialProcessFlag.named(name).orElseThrow(() ->
                    new ConfigurationException("Unknown option --" + redact(option) + " in the " + source
                            + ": the options understood are " + supportedFlags()));
            if (!flag.isSupported()) {
                throw flag.unsupported(source);
            }
            if (flag.takesValue() && value == null) {
                if (i + 1 >= options.size() || looksLikeOption(options.get(i + 1))) {
                    throw new ConfigurationException("Option " + flag.flag() + " in the " + source + " has no value: "
                            + "write " + flag.flag() + " VALUE");
                }
                value = options.get(++i);
            }
            if (flag.takesValue() && value.trim().isEmpty()) {
                throw new ConfigurationException("Option " + flag.flag() + " in the " + source + " is empty: give "
                        + "it a value or remove it");
            }
            String where = "option " + flag.flag() + " of the " + source;
            String text = value == null ? "true" : value;
            if (flag.takesValue() || SessionField.parseBoolean(text, where)) {
                given.add(flag);
            }
            flag.field().ifPresent(field -> field.apply(spec, text, where));
        }
        return new CredentialProcessLine(spec.build(), given);
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
        int eq = word.indexOf('=');
        return CredentialProcessFlag.named(eq < 0 ? word : word.substring(0, eq)).isPresent();
    }

    private static String supportedFlags() {
        return Stream.of(CredentialProcessFlag.values()).filter(CredentialProcessFlag::isSupported)
                .map(CredentialProcessFlag::flag).collect(Collectors.joining(", "));
    }

    /**
     * Messages quote the words they complain about, and a stray backslash or quote can shift or glue words so that
     * the PKCS#8 password becomes the word complained about. Such a message is replaced by one that quotes nothing;
     * the original exception, which holds the password, is dropped.
     */
    private static ConfigurationException withoutPassword(ConfigurationException e, List<String> words,
            String source) {
        String password = CredentialProcessFlag.PKCS8_PASSWORD.flag().substring(2);
        String message = e.getMessage();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String next = i + 1 < words.size() ? words.get(i + 1) : "";
            boolean leaks = false;
            for (int at = word.indexOf(password); at >= 0 && !leaks; at = word.indexOf(password, at + 1)) {
                String rest = word.substring(at + password.length());
                if (!rest.isEmpty() && (rest.charAt(0) == '=' || Character.isWhitespace(rest.charAt(0)))) {
                    rest = rest.substring(1);
                }
                leaks = mentions(message, rest) || mentions(message, next);
            }
            if (leaks) {
                return new ConfigurationException("The " + source + " cannot be read: an option or its value is "
                        + "malformed near --" + password + " (details withheld because they would show the "
                        + "password): check the quoting and backslashes around it, and that every option has a "
                        + "value");
            }
        }
        return e;
    }

    private static boolean mentions(String message, String secret) {
        return !secret.trim().isEmpty() && message.contains(secret);
    }

    @Override
    public String toString() {
        return "CredentialProcessLine(" + sessionSpec + ")";
    }
}
