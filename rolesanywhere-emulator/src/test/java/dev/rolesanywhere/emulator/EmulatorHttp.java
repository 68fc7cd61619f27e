package dev.rolesanywhere.emulator;

import java.net.http.HttpClient;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** An HTTP client that trusts the emulator only through {@link RolesAnywhereEmulator#trustStore()}. */
final class EmulatorHttp {
    private EmulatorHttp() {
    }

    static HttpClient client(RolesAnywhereEmulator emulator) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(sslContext(emulator.trustStore()))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    static SSLContext sslContext(KeyStore trustStore) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
