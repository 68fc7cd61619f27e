package dev.rolesanywhere.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The JVM's default TLS socket factory, created only when a connection actually uses it.
 *
 * <p>Every {@link HttpsURLConnection} asks for the default factory while it is being constructed, before the caller
 * can give it another one; the first ask builds the JVM's default TLS context, which reads the whole system trust
 * store. The CreateSession client always sets its own factory, so in a {@code credential_process} run that work
 * (about 6 ms of CPU) served nothing. Installed as the default by the command line's {@code main} only: a library must
 * not change a process-wide default, an application may.
 */
public final class DeferredDefaultSocketFactory extends SSLSocketFactory {

    private DeferredDefaultSocketFactory() {
    }

    /** Makes this the default factory of {@link HttpsURLConnection} in this process. */
    public static void install() {
        HttpsURLConnection.setDefaultSSLSocketFactory(new DeferredDefaultSocketFactory());
    }

    private static SSLSocketFactory delegate() {
        return Holder.DEFAULT;
    }

    private static final class Holder {
        static final SSLSocketFactory DEFAULT = (SSLSocketFactory) SSLSocketFactory.getDefault();
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate().getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate().getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return delegate().createSocket();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return delegate().createSocket(s, host, port, autoClose);
    }

    @Override
    public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
        return delegate().createSocket(s, consumed, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return delegate().createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return delegate().createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return delegate().createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return delegate().createSocket(address, port, localAddress, localPort);
    }
}
