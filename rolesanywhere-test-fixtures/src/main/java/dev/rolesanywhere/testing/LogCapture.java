package dev.rolesanywhere.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * Captures what slf4j-simple writes while open. slf4j-simple looks up {@code System.err} on every log call, so
 * swapping the stream is enough; the text still reaches the original stream, so it also lands in the surefire report
 * the build's secret scan reads.
 */
public final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public LogCapture() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (buffer) {
                    buffer.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (buffer) {
                    buffer.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
        try {
            System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8.name()));
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /** Everything captured so far. */
    public String text() {
        synchronized (buffer) {
            return new String(buffer.toByteArray(), StandardCharsets.UTF_8);
        }
    }

    /** How many times the fragment occurs in the captured text. */
    public int count(String fragment) {
        String text = text();
        int n = 0;
        for (int i = text.indexOf(fragment); i >= 0; i = text.indexOf(fragment, i + fragment.length())) {
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        System.setErr(original);
    }

    /**
     * The text a log line with {@code e}'s stack trace would carry: the messages of the exception and of every cause,
     * which a test searches for secrets.
     */
    public static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
