package dev.rolesanywhere.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

class DeferredDefaultSocketFactoryTest {

    @Test
    void install_makesADefaultThatActsAsTheJvmDefault() throws Exception {
        SSLSocketFactory before = HttpsURLConnection.getDefaultSSLSocketFactory();
        try {
            DeferredDefaultSocketFactory.install();
            SSLSocketFactory installed = HttpsURLConnection.getDefaultSSLSocketFactory();
            SSLSocketFactory jvmDefault = (SSLSocketFactory) SSLSocketFactory.getDefault();

            assertThat(installed).isInstanceOf(DeferredDefaultSocketFactory.class);
            assertThat(installed.getDefaultCipherSuites()).containsExactly(jvmDefault.getDefaultCipherSuites());
            assertThat(installed.getSupportedCipherSuites()).containsExactly(jvmDefault.getSupportedCipherSuites());
            try (Socket socket = installed.createSocket(); Socket reference = jvmDefault.createSocket()) {
                assertThat(socket).isInstanceOf(SSLSocket.class);
                assertThat(((SSLSocket) socket).getEnabledProtocols())
                        .containsExactly(((SSLSocket) reference).getEnabledProtocols());
            }
        } finally {
            HttpsURLConnection.setDefaultSSLSocketFactory(before);
        }
    }
}
