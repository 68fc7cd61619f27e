package dev.rolesanywhere.core.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Reaches an HTTPS endpoint through a proxy by opening the tunnel itself: a TCP (or, for an {@code https://} proxy, a
 * TLS) connection to the proxy, {@code CONNECT host:port} with the proxy's Basic login when its URI carries one, then
 * TLS to the endpoint inside the tunnel. {@code HttpsURLConnection} asks its socket factory for an unconnected socket
 * and connects it to the endpoint's address; the socket returned here connects to the proxy instead.
 *
 * <p>Written here because the JDK cannot do it for one client: its HTTP clients refuse Basic for tunnels in the whole
 * process unless the {@code jdk.http.auth.tunneling.disabledSchemes} system property is changed for everyone, and
 * they cannot speak TLS to a proxy. The login travels only in the CONNECT, never to the endpoint.
 */
final class ProxyTunnelSocketFactory extends SSLSocketFactory {
    // A CONNECT answer is a status line and a few headers; more means the peer is not a proxy.
    private static final int MAX_RESPONSE_HEAD = 16 * 1024;

    private final URI proxy;
    private final SSLSocketFactory tls;
    private final boolean verifyProxyHost;
    private final int timeoutMillis;

    /**
     * @param tls             TLS to the endpoint, and to the proxy itself when it is {@code https://}
     * @param verifyProxyHost check the proxy's certificate names it (false only when certificate checks are off)
     * @param timeoutMillis   for reaching the proxy and for its answer to the CONNECT
     */
    ProxyTunnelSocketFactory(URI proxy, SSLSocketFactory tls, boolean verifyProxyHost, int timeoutMillis) {
        this.proxy = proxy;
        this.tls = tls;
        this.verifyProxyHost = verifyProxyHost;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public Socket createSocket() {
        return new TunnelSocket();
    }

    @Override
    public Socket createSocket(Socket tunnel, String host, int port, boolean autoClose) throws IOException {
        return tls.createSocket(tunnel, host, port, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket tunnel = new TunnelSocket();
        tunnel.connect(InetSocketAddress.createUnresolved(host, port), timeoutMillis);
        return createSocket(tunnel, host, port, true);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket(host.getHostAddress(), port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return createSocket(address.getHostAddress(), port);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    private Socket openToProxy(int timeout) throws IOException {
        String host = proxy.getHost();
        int port = ProxyUri.port(proxy);
        Socket raw = new Socket(Proxy.NO_PROXY);
        try {
            raw.connect(new InetSocketAddress(host, port), timeout);
            if (!ProxyUri.usesTls(proxy)) {
                return raw;
            }
            SSLSocket ssl = (SSLSocket) tls.createSocket(raw, host, port, true);
            if (verifyProxyHost) {
                SSLParameters parameters = ssl.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(parameters);
            }
            ssl.setSoTimeout(timeout);
            ssl.startHandshake();
            return ssl;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private void connectThrough(Socket toProxy, String host, int port, int timeout) throws IOException {
        String target = (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String user = ProxyUri.user(proxy);
        boolean login = user != null;
        if (login) {
            request.writeBytes("Proxy-Authorization: Basic ".getBytes(StandardCharsets.US_ASCII));
            byte[] credentials = basicCredentials(user);
            request.writeBytes(credentials);
            Arrays.fill(credentials, (byte) 0);
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        int previousTimeout = toProxy.getSoTimeout();
        toProxy.setSoTimeout(timeout);
        OutputStream out = toProxy.getOutputStream();
        out.write(request.toByteArray());
        out.flush();
        String status = readStatusLine(toProxy.getInputStream());
        toProxy.setSoTimeout(previousTimeout);
        String[] parts = status.split(" ", 3);
        if (parts.length >= 2 && parts[0].startsWith("HTTP/1.") && parts[1].equals("200")) {
            return;
        }
        String where = "The proxy " + ProxyUri.withoutUserInfo(proxy);
        if (parts.length >= 2 && parts[1].equals("407")) {
            throw new ProxyRefusedException(where + (login
                    ? " rejected the user name and password in its URL (407 Proxy Authentication Required): check "
                            + "them, percent-encoded, in http://USER:PASSWORD@host:port"
                    : " asks for a login (407 Proxy Authentication Required): give the user name and password in "
                            + "its URL, http://USER:PASSWORD@host:port (percent-encoded)"));
        }
        throw new ProxyRefusedException(where + " refused to open a tunnel to " + target + ": '"
                + status.replaceAll("[^\\x20-\\x7e]", "?") + "'. Check that the proxy allows CONNECT to this host "
                + "and port, or exclude the host with NO_PROXY");
    }

    /** Base64 of {@code user:password}, built without a String holding the password. */
    private byte[] basicCredentials(String user) {
        char[] password = ProxyUri.password(proxy);
        char[] joined = new char[user.length() + 1 + (password == null ? 0 : password.length)];
        user.getChars(0, user.length(), joined, 0);
        joined[user.length()] = ':';
        if (password != null) {
            System.arraycopy(password, 0, joined, user.length() + 1, password.length);
            Arrays.fill(password, '\0');
        }
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(joined));
        Arrays.fill(joined, '\0');
        byte[] plain = new byte[utf8.remaining()];
        utf8.get(plain);
        utf8.clear();
        while (utf8.hasRemaining()) {
            utf8.put((byte) 0);
        }
        byte[] encoded = Base64.getEncoder().encode(plain);
        Arrays.fill(plain, (byte) 0);
        return encoded;
    }

    /** Reads the answer's head byte by byte, so nothing of the TLS handshake that follows is consumed. */
    private static String readStatusLine(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("The proxy closed the connection before answering the CONNECT");
            }
            if (head.size() >= MAX_RESPONSE_HEAD) {
                throw new IOException("The proxy's answer to the CONNECT is longer than " + MAX_RESPONSE_HEAD
                        + " bytes: is it an HTTP proxy?");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.indexOf("\r\n"));
    }

    /**
     * An unconnected socket whose {@code connect(endpoint)} opens the tunnel to the endpoint; everything else goes to
     * the connection to the proxy.
     */
    private final class TunnelSocket extends Socket {
        private Socket inner;
        private int soTimeout;
        private boolean closed;

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, timeoutMillis);
        }

        @Override
        public synchronized void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (closed) {
                throw new SocketException("Socket is closed");
            }
            InetSocketAddress target = (InetSocketAddress) endpoint;
            int limit = timeout > 0 ? timeout : timeoutMillis;
            Socket toProxy = openToProxy(limit);
            try {
                connectThrough(toProxy, target.getHostString(), target.getPort(), limit);
                toProxy.setSoTimeout(soTimeout);
            } catch (IOException | RuntimeException e) {
                toProxy.close();
                throw e;
            }
            inner = toProxy;
        }

        private Socket connected() throws SocketException {
            if (inner == null) {
                throw new SocketException("Socket is not connected");
            }
            return inner;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return connected().getInputStream();
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return connected().getOutputStream();
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            soTimeout = timeout;
            if (inner != null) {
                inner.setSoTimeout(timeout);
            }
        }

        @Override
        public synchronized int getSoTimeout() {
            return soTimeout;
        }

        @Override
        public void setTcpNoDelay(boolean on) throws SocketException {
            if (inner != null) {
                inner.setTcpNoDelay(on);
            }
        }

        @Override
        public void setKeepAlive(boolean on) throws SocketException {
            if (inner != null) {
                inner.setKeepAlive(on);
            }
        }

        @Override
        public boolean isConnected() {
            return inner != null && inner.isConnected();
        }

        @Override
        public boolean isBound() {
            return inner != null && inner.isBound();
        }

        @Override
        public synchronized boolean isClosed() {
            return closed || (inner != null && inner.isClosed());
        }

        @Override
        public boolean isInputShutdown() {
            return inner != null && inner.isInputShutdown();
        }

        @Override
        public boolean isOutputShutdown() {
            return inner != null && inner.isOutputShutdown();
        }

        @Override
        public void shutdownInput() throws IOException {
            connected().shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            connected().shutdownOutput();
        }

        @Override
        public InetAddress getInetAddress() {
            return inner == null ? null : inner.getInetAddress();
        }

        @Override
        public InetAddress getLocalAddress() {
            return inner == null ? super.getLocalAddress() : inner.getLocalAddress();
        }

        @Override
        public int getPort() {
            return inner == null ? 0 : inner.getPort();
        }

        @Override
        public int getLocalPort() {
            return inner == null ? -1 : inner.getLocalPort();
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return inner == null ? null : inner.getRemoteSocketAddress();
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return inner == null ? null : inner.getLocalSocketAddress();
        }

        @Override
        public synchronized void close() throws IOException {
            closed = true;
            if (inner != null) {
                inner.close();
            }
        }

        @Override
        public String toString() {
            return "TunnelSocket[proxy " + ProxyUri.withoutUserInfo(proxy) + (inner == null ? ", unconnected]" : "]");
        }
    }
}
