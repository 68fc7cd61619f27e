package dev.rolesanywhere.core.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Offers only TLS 1.3 and 1.2 on every socket, whatever the JVM's own defaults: older JDK 11 builds still enable
 * TLS 1.0/1.1, and the session credentials travel back on this connection.
 */
final class ModernTlsSocketFactory extends SSLSocketFactory {
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLSocketFactory delegate;

    ModernTlsSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return restrict(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
        return restrict(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return restrict(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return restrict(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return restrict(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return restrict(delegate.createSocket(address, port, localAddress, localPort));
    }

    private static Socket restrict(Socket socket) throws IOException {
        if (socket instanceof SSLSocket) {
            SSLSocket ssl = (SSLSocket) socket;
            List<String> supported = Arrays.asList(ssl.getSupportedProtocols());
            List<String> enabled = new ArrayList<>();
            for (String protocol : PROTOCOLS) {
                if (supported.contains(protocol)) {
                    enabled.add(protocol);
                }
            }
            if (enabled.isEmpty()) {
                socket.close();
                throw new IOException("This JVM supports neither TLS 1.3 nor TLS 1.2 (it offers "
                        + supported + "): IAM Roles Anywhere requires TLS 1.2 or later; update the JDK");
            }
            ssl.setEnabledProtocols(enabled.toArray(new String[0]));
        }
        return socket;
    }
}
