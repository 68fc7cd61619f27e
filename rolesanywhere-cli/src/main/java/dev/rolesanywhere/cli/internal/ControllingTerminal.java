package dev.rolesanywhere.cli.internal;

import dev.rolesanywhere.core.KeySourceException;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Prompts on {@code /dev/tty}, the process's controlling terminal, as the reference tool does: under
 * {@code credential_process} the AWS CLI and SDKs capture stdout (and often stdin), so a prompt there would never be
 * seen, while the terminal the user started them from is still this process's. Echo is turned off with {@code stty}
 * while the secret is typed: Java offers no way to do it on a terminal other than the one System.console() needs.
 */
public final class ControllingTerminal implements SecretPrompt {
    private static final File TTY = new File("/dev/tty");
    // A PIN or password longer than this is a mistake (a pasted file), not a secret to keep reading.
    private static final int MAX_LINE = 4096;

    private ControllingTerminal() {
    }

    /** The controlling terminal, or null when the process has none (a service, a pipeline without a terminal). */
    public static SecretPrompt find() {
        if (!TTY.exists()) {
            return null;
        }
        // Opening fails (ENXIO) when /dev/tty exists but this process has no controlling terminal.
        try {
            new FileOutputStream(TTY).close();
            return new ControllingTerminal();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public char[] ask(String prompt) {
        try (InputStream in = new FileInputStream(TTY); OutputStream out = new FileOutputStream(TTY)) {
            Thread restore = new Thread(() -> stty("echo"), "rolesanywhere-tty-echo");
            if (!stty("-echo")) {
                throw new KeySourceException("Cannot turn off echo on the terminal (stty failed), so the secret would "
                        + "be shown while typed: give it another way (see --help)");
            }
            Runtime.getRuntime().addShutdownHook(restore);
            try {
                out.write(prompt.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return readLine(in);
            } finally {
                stty("echo");
                try {
                    Runtime.getRuntime().removeShutdownHook(restore);
                } catch (IllegalStateException e) {
                    // The JVM is already exiting (Ctrl-C at the prompt): the hook restores echo itself.
                }
                // The Enter key was not echoed either.
                out.write('\n');
                out.flush();
            }
        } catch (IOException e) {
            throw new KeySourceException("Cannot read from the terminal (/dev/tty): " + e.getMessage(), e);
        }
    }

    private static char[] readLine(InputStream in) throws IOException {
        byte[] buffer = new byte[MAX_LINE];
        int length = 0;
        try {
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return null;
                }
                if (b == '\r') {
                    continue;
                }
                if (length == MAX_LINE) {
                    throw new KeySourceException("The line typed at the terminal is longer than " + MAX_LINE
                            + " bytes: type only the secret");
                }
                buffer[length++] = (byte) b;
            }
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(buffer, 0, length));
            char[] secret = Arrays.copyOf(chars.array(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            return secret;
        } finally {
            Arrays.fill(buffer, (byte) 0);
        }
    }

    private static boolean stty(String setting) {
        try {
            Process stty = new ProcessBuilder("stty", setting).redirectInput(TTY)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return stty.waitFor(10, TimeUnit.SECONDS) && stty.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
