package dev.rolesanywhere.cli.internal;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.PasswordRequiredException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The password of an encrypted PKCS#8 key or PKCS#12 file on the command line: from {@code --pkcs8-password-file}, the
 * variable {@value #PASSWORD_VARIABLE}, or {@code --pkcs8-password} (visible to every local user in {@code ps}, so it
 * draws a warning); and, when none is given and the key turns out to be encrypted, typed at the controlling terminal.
 */
public final class KeyPasswords {

    /** Environment variable holding the key's password. */
    public static final String PASSWORD_VARIABLE = "ROLESANYWHERE_PKCS8_PASSWORD";
    // A password file this large holds something else (the key itself, a log).
    private static final long MAX_FILE_BYTES = 64 * 1024;

    private KeyPasswords() {
    }

    /**
     * The password given without asking, or null; the caller wipes it.
     *
     * @param flag     the value of {@code --pkcs8-password}, or null; not wiped here
     * @param file     the value of {@code --pkcs8-password-file}, or null
     */
    public static char[] given(CliContext context, char[] flag, String file) {
        // An empty value leaves the flag unset, as for every flag.
        char[] argument = flag == null || flag.length == 0 ? null : flag;
        int sources = (argument != null ? 1 : 0) + (file != null ? 1 : 0);
        if (sources > 1) {
            throw new ConfigurationException("Both --pkcs8-password and --pkcs8-password-file are given: give the "
                    + "password one way, preferably --pkcs8-password-file");
        }
        if (argument != null) {
            context.err().println("Warning: --pkcs8-password puts the password on the command line, where every "
                    + "local user can read it (ps, /proc/PID/cmdline); use --pkcs8-password-file FILE or the "
                    + "variable " + PASSWORD_VARIABLE + " instead");
            return argument.clone();
        }
        if (file != null) {
            return readFirstLine(Paths.get(file));
        }
        String fromEnvironment = context.env(PASSWORD_VARIABLE);
        return fromEnvironment == null ? null : fromEnvironment.toCharArray();
    }

    /**
     * {@code load} with the given password; when it needs one and none was given, again with one typed at the
     * terminal. A wrong password is reported, not asked for again.
     */
    public static <T> T load(CliContext context, char[] given, Function<char[], T> load) {
        try {
            return load.apply(given);
        } catch (PasswordRequiredException e) {
            if (given != null) {
                throw e;
            }
            SecretPrompt terminal = context.terminal();
            if (terminal == null) {
                throw new PasswordRequiredException(e.getMessage() + " (there is no terminal to ask on)", e);
            }
            char[] typed = terminal.ask("Password of the encrypted private key: ");
            if (typed == null) {
                throw new KeySourceException("No password was typed at the terminal (end of input)");
            }
            try {
                return load.apply(typed);
            } finally {
                Arrays.fill(typed, '\0');
            }
        }
    }

    private static char[] readFirstLine(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigurationException("The password file " + file + " is larger than " + MAX_FILE_BYTES
                        + " bytes, so it is not a password file: give --pkcs8-password-file a file holding only the "
                        + "password");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigurationException("The password file " + file + " of --pkcs8-password-file cannot be read ("
                    + e.getClass().getSimpleName() + "): check the path and that this user may read it", e);
        }
        try {
            int end = 0;
            while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                end++;
            }
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, end));
            char[] password = Arrays.copyOf(chars.array(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            return password;
        } catch (CharacterCodingException e) {
            throw new ConfigurationException("The password file " + file + " is not UTF-8 text: save the password "
                    + "as UTF-8", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
