package dev.rolesanywhere.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ServerSocketFactory;

/**
 * A minimal HTTP CONNECT proxy on 127.0.0.1 that tunnels to any target and records each CONNECT request head. It can
 * demand a Basic login (407 otherwise, as an authenticating corporate proxy does) and can itself be reached over TLS.
 * It can also send every tunnel to one local port whatever the CONNECT names, so a client may address a host outside
 * the loopback interface (which is never proxied) and still reach a test server. Enough to prove that HTTPS traffic
 * really goes through a configured proxy; it implements nothing else.
 */
public final class ConnectProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String expectedAuthorization;
    private final int fixedTargetPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "connect-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<String> connectHeads = new CopyOnWriteArrayList<>();

    /** A proxy that lets everyone through, over plain TCP. */
    public ConnectProxy() throws IOException {
        this(ServerSocketFactory.getDefault(), null, null, -1);
    }

    /**
     * @param sockets         plain or TLS server sockets
     * @param user            the login demanded, or null for none
     * @param fixedTargetPort the port on 127.0.0.1 every tunnel leads to, or -1 for the one the CONNECT names
     */
    public ConnectProxy(ServerSocketFactory sockets, String user, String password, int fixedTargetPort)
            throws IOException {
        this.fixedTargetPort = fixedTargetPort;
        server = sockets.createServerSocket(0, 16, InetAddress.getLoopbackAddress());
        expectedAuthorization = user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        threads.execute(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every CONNECT request line received, such as {@code CONNECT 127.0.0.1:4443 HTTP/1.1}. */
    public List<String> connectLines() {
        return connectHeads.stream().map(head -> head.substring(0, head.indexOf("\r\n")))
                .collect(java.util.stream.Collectors.toList());
    }

    /** Every CONNECT request head received, request line and headers. */
    public List<String> connectHeads() {
        return connectHeads;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> tunnel(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void tunnel(Socket client) {
        try (Socket c = client) {
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            String head = RecordingEndpoint.readHead(in);
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            String[] parts = requestLine.split(" ", -1);
            if (!"CONNECT".equals(parts[0])) {
                out.write("HTTP/1.1 405 Method Not Allowed\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            connectHeads.add(head);
            if (expectedAuthorization != null && !head.contains("\r\nProxy-Authorization: " + expectedAuthorization
                    + "\r\n")) {
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            int colon = parts[1].lastIndexOf(':');
            try (Socket target = fixedTargetPort > 0 ? new Socket(InetAddress.getLoopbackAddress(), fixedTargetPort)
                    : new Socket(parts[1].substring(0, colon), Integer.parseInt(parts[1].substring(colon + 1)))) {
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                threads.execute(() -> pipe(target, c));
                pipe(c, target);
            }
        } catch (IOException | RuntimeException e) {
            // A torn-down tunnel is normal at the end of a test.
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // Either side closing ends the tunnel.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
