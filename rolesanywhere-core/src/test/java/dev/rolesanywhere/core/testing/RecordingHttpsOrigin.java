package dev.rolesanywhere.core.testing;

import dev.rolesanywhere.testing.SelfSignedTls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTPS server on 127.0.0.1 that records the raw head of every request it receives and refuses each with a
 * {@code ValidationException} (which the client does not retry): it shows exactly which headers reached the
 * endpoint, which the emulator's own server does not expose.
 */
public final class RecordingHttpsOrigin implements AutoCloseable {
    private final SelfSignedTls tls = new SelfSignedTls("recording-origin");
    private final ServerSocket server;
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public RecordingHttpsOrigin() throws IOException {
        server = tls.serverSocketFactory().createServerSocket(0, 8, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "recording-origin");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public SelfSignedTls tls() {
        return tls;
    }

    /** Every request head received, request line and headers. */
    public List<String> heads() {
        return heads;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                InputStream in = client.getInputStream();
                String head = readHead(in);
                heads.add(head);
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *([0-9]+)")
                        .matcher(head);
                in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
                byte[] body = "{\"message\":\"recorded\"}".getBytes(StandardCharsets.UTF_8);
                client.getOutputStream().write(("HTTP/1.1 400 Bad Request\r\nx-amzn-ErrorType: ValidationException\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n"
                        + "\r\n").getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().write(body);
                client.getOutputStream().flush();
            } catch (IOException e) {
                // A client that went away; the next one is served.
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the request head ended");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
