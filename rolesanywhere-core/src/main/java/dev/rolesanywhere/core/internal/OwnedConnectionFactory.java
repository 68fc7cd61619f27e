package dev.rolesanywhere.core.internal;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionFactory;

/**
 * Opens the connections of the HTTP client this library owns. The SDK's url-connection client offers no way to
 * choose the TLS protocols of its default connections, so this factory does what that default does — proxy selection
 * and authorisation, timeouts, TLS trust — with a socket factory that offers only TLS 1.2 and 1.3.
 */
final class OwnedConnectionFactory implements UrlConnectionFactory {
    private final SSLSocketFactory sockets;
    private final boolean trustAll;
    private final ProxyConfiguration proxy;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    OwnedConnectionFactory(SSLSocketFactory sockets, boolean trustAll, ProxyConfiguration proxy,
            Duration connectTimeout, Duration readTimeout) {
        this.sockets = sockets;
        this.trustAll = trustAll;
        this.proxy = proxy;
        this.connectTimeoutMillis = millis(connectTimeout);
        this.readTimeoutMillis = millis(readTimeout);
    }

    @Override
    public HttpURLConnection createConnection(URI uri) {
        try {
            Proxy via = proxyFor(uri);
            HttpURLConnection connection = (HttpURLConnection) (via == null
                    ? uri.toURL().openConnection() : uri.toURL().openConnection(via));
            if (connection instanceof HttpsURLConnection) {
                HttpsURLConnection https = (HttpsURLConnection) connection;
                https.setSSLSocketFactory(sockets);
                if (trustAll) {
                    https.setHostnameVerifier((host, session) -> true);
                }
            }
            if (via != null && proxy.username() != null && proxy.password() != null) {
                String token = Base64.getEncoder().encodeToString(
                        (proxy.username() + ":" + proxy.password()).getBytes(StandardCharsets.UTF_8));
                connection.addRequestProperty("Proxy-Authorization", "Basic " + token);
            }
            connection.setConnectTimeout(connectTimeoutMillis);
            connection.setReadTimeout(readTimeoutMillis);
            return connection;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot open a connection to " + uri + ": " + e.getMessage(), e);
        }
    }

    /** The configured proxy, unless the host is one of its non-proxy hosts ({@code *} as a wildcard). */
    private Proxy proxyFor(URI uri) {
        if (proxy == null || proxy.host() == null || proxy.port() <= 0) {
            return null;
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        for (String pattern : proxy.nonProxyHosts()) {
            String regex = Pattern.quote(pattern.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q");
            if (host.matches(regex)) {
                return null;
            }
        }
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.host(), proxy.port()));
    }

    private static int millis(Duration duration) {
        long value = duration.toMillis();
        return value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
    }
}
