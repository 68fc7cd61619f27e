package dev.rolesanywhere.cli;

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
 * A plain-HTTP endpoint on 127.0.0.1 that records the request line of each request and refuses it with a
 * ValidationException: it shows whether a request arrived directly, and in which form (a proxy would have been sent
 * {@code POST http://…} instead of {@code POST /…}).
 */
final class PlainHttpRecorder implements AutoCloseable {
    private final ServerSocket server;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();

    PlainHttpRecorder() throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::serve, "plain-http-recorder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<String> requestLines() {
        return requestLines;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                InputStream in = client.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                int matched = 0;
                byte[] end = {'\r', '\n', '\r', '\n'};
                while (matched < 4) {
                    int b = in.read();
                    if (b < 0) {
                        throw new IOException("closed early");
                    }
                    head.write(b);
                    matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                String text = head.toString(StandardCharsets.ISO_8859_1);
                requestLines.add(text.substring(0, text.indexOf("\r\n")));
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *([0-9]+)")
                        .matcher(text);
                in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
                byte[] body = "{\"message\":\"recorded\"}".getBytes(StandardCharsets.UTF_8);
                client.getOutputStream().write(("HTTP/1.1 400 Bad Request\r\nx-amzn-ErrorType: ValidationException\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().write(body);
            } catch (IOException e) {
                // The next request is served.
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
