package dev.rolesanywhere.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ServerSocketFactory;

/**
 * An HTTP endpoint on 127.0.0.1 (plain, or TLS with {@link SelfSignedTls}) that records the raw head of every request
 * and refuses each with a {@code ValidationException}, which a CreateSession client does not retry. It shows exactly
 * what reached the endpoint: which headers, and whether a request came directly ({@code POST /…}) or as a proxy would
 * forward it.
 */
public final class RecordingEndpoint implements AutoCloseable {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *([0-9]+)");
    private static final byte[] BODY = "{\"message\":\"recorded\"}".getBytes(StandardCharsets.UTF_8);

    private final ServerSocket server;
    private final List<String> heads = new CopyOnWriteArrayList<>();

    public RecordingEndpoint(ServerSocketFactory sockets) throws IOException {
        server = sockets.createServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::serve, "recording-endpoint");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
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
                Matcher length = CONTENT_LENGTH.matcher(head);
                in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
                client.getOutputStream().write(("HTTP/1.1 400 Bad Request\r\nx-amzn-ErrorType: ValidationException\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + BODY.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().write(BODY);
                client.getOutputStream().flush();
            } catch (IOException e) {
                // A client that went away; the next one is served.
            }
        }
    }

    /** Reads an HTTP message head up to its blank line, byte by byte so nothing after it is consumed. */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the head ended");
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
