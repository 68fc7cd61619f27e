package dev.rolesanywhere.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

class ModernTlsSocketFactoryTest {

    @Test
    void sockets_offerOnlyTls13And12_evenWhenTheJvmWouldOfferOlderVersions() throws Exception {
        SSLSocketFactory permissive = new LegacyEnablingFactory(jdkFactory());

        try (SSLSocket raw = (SSLSocket) permissive.createSocket();
                SSLSocket socket = (SSLSocket) new ModernTlsSocketFactory(permissive).createSocket()) {
            assertThat(raw.getEnabledProtocols()).as("the delegate really offers TLS 1.1").contains("TLSv1.1");
            assertThat(socket.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        }
    }

    @Test
    void sockets_fromTheOwnedClientsContext_neverOfferTls11OrOlder() throws Exception {
        try (SSLSocket socket = (SSLSocket) new ModernTlsSocketFactory(jdkFactory()).createSocket()) {
            assertThat(socket.getEnabledProtocols()).isNotEmpty()
                    .allMatch(p -> p.equals("TLSv1.3") || p.equals("TLSv1.2"));
        }
    }

    private static SSLSocketFactory jdkFactory() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        return context.getSocketFactory();
    }

    /** A delegate configured as an old JDK 11 would be: TLS 1.1 enabled next to 1.2 and 1.3. */
    private static final class LegacyEnablingFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        LegacyEnablingFactory(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private static Socket legacy(Socket socket) {
            ((SSLSocket) socket).setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2", "TLSv1.1"});
            return socket;
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
        public Socket createSocket() throws IOException {
            return legacy(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return legacy(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return legacy(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return legacy(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return legacy(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return legacy(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
