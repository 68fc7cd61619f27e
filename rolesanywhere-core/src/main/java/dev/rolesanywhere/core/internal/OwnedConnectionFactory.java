package dev.rolesanywhere.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionFactory;

/**
 * Opens the connections of the HTTP client this library owns. The SDK's url-connection client offers no way to
 * choose the TLS protocols of its default connections, so this factory does what that default does — proxy selection,
 * timeouts, TLS trust — with a socket factory that offers only TLS 1.2 and 1.3.
 *
 * <p>Without a configured proxy the JVM's own proxy selection applies. With one, HTTPS requests go through it (see
 * {@link ProxyTunnelSocketFactory}) unless {@link NonProxyHosts} exempts the host; plain-HTTP requests, which are
 * only allowed to the loopback interface, never do.
 */
final class OwnedConnectionFactory implements UrlConnectionFactory {
    private final SSLSocketFactory sockets;
    private final boolean trustAll;
    private final NonProxyHosts nonProxyHosts;
    private final SSLSocketFactory tunnels;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    /** @param proxy the proxy to use, or null for the JVM's proxy selection */
    OwnedConnectionFactory(SSLSocketFactory sockets, boolean trustAll, URI proxy, Set<String> nonProxyHosts,
            Duration connectTimeout, Duration readTimeout) {
        this.sockets = sockets;
        this.trustAll = trustAll;
        this.connectTimeoutMillis = millis(connectTimeout);
        this.readTimeoutMillis = millis(readTimeout);
        this.nonProxyHosts = proxy == null ? null : NonProxyHosts.of(nonProxyHosts);
        // One factory for every connection: the JDK keeps idle connections per socket factory, so they are reused.
        this.tunnels = proxy == null ? null
                : new ProxyTunnelSocketFactory(proxy, sockets, !trustAll, connectTimeoutMillis);
    }

    @Override
    public HttpURLConnection createConnection(URI uri) {
        try {
            boolean https = "https".equals(uri.getScheme().toLowerCase(Locale.ROOT));
            HttpURLConnection connection;
            SSLSocketFactory tls = sockets;
            if (nonProxyHosts == null) {
                connection = (HttpURLConnection) uri.toURL().openConnection();
            } else {
                // The configured proxy replaces the JVM's selection, also where it is bypassed.
                connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
                if (https && !nonProxyHosts.bypass(uri.getHost(), uri.getPort() < 0 ? 443 : uri.getPort())) {
                    tls = tunnels;
                }
            }
            if (connection instanceof HttpsURLConnection) {
                HttpsURLConnection secure = (HttpsURLConnection) connection;
                secure.setSSLSocketFactory(tls);
                if (trustAll) {
                    secure.setHostnameVerifier((host, session) -> true);
                }
            }
            connection.setConnectTimeout(connectTimeoutMillis);
            connection.setReadTimeout(readTimeoutMillis);
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open a connection to " + uri + ": " + e.getMessage(), e);
        }
    }

    private static int millis(Duration duration) {
        long value = duration.toMillis();
        return value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
    }
}
