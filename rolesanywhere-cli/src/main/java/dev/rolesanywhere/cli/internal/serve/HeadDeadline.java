package dev.rolesanywhere.cli.internal.serve;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A socket's input with one deadline for everything read through it: however the bytes trickle in, reading stops
 * when the time is up. A timeout per read alone lets a client that sends a byte every few seconds hold its
 * connection, and the thread serving it, forever.
 */
final class HeadDeadline extends InputStream {

    /** The deadline passed before the request head was complete. */
    static final class ExpiredException extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;

        ExpiredException(Duration limit) {
            super("the request head did not arrive within " + limit.toMillis() + " ms");
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final Duration limit;
    private final long deadlineNanos;

    HeadDeadline(Socket socket, Duration limit) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.limit = limit;
        this.deadlineNanos = System.nanoTime() + limit.toNanos();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        long leftNanos = deadlineNanos - System.nanoTime();
        if (leftNanos <= 0) {
            throw new ExpiredException(limit);
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (leftNanos + 999_999) / 1_000_000)));
        try {
            return in.read(buffer, offset, length);
        } catch (SocketTimeoutException e) {
            throw new ExpiredException(limit);
        }
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }
}
