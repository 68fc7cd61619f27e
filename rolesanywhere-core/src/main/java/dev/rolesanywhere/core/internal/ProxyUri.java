package dev.rolesanywhere.core.internal;

import dev.rolesanywhere.core.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A proxy given as {@code [http[s]://][user[:password]@]host[:port]} (the {@code HTTPS_PROXY} convention), and the
 * entries of a {@code NO_PROXY} list. Only the text is handled here; {@link NonProxyHosts} matches hosts against the
 * list and {@link ProxyTunnelSocketFactory} talks to the proxy.
 */
public final class ProxyUri {
    private ProxyUri() {
    }

    /**
     * @param where names the setting, for messages: {@code --proxy}, {@code HTTPS_PROXY}
     * @throws ConfigurationException when the text is not such a URL; the message never quotes it (it may hold a
     *     password)
     */
    public static URI parse(String text, String where) {
        String trimmed = text.trim();
        URI uri;
        try {
            uri = new URI(trimmed.contains("://") ? trimmed : "http://" + trimmed);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(where + " is not a URL; use http://host:port");
        }
        return check(uri, where);
    }

    /**
     * The proxy URI if it is one this library can use: {@code http://} or {@code https://} (TLS to the proxy itself),
     * with a host, and nothing after the port.
     *
     * @throws ConfigurationException naming {@code where} and the fix; never quoting the user information
     */
    public static URI check(URI proxy, String where) {
        String scheme = proxy.getScheme() == null ? "" : proxy.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigurationException("The proxy given in " + where + " uses the scheme '" + scheme + "', which "
                    + "is not supported: use an HTTP proxy, http://host:port, or https://host:port for TLS to the "
                    + "proxy");
        }
        if (proxy.getHost() == null) {
            throw new ConfigurationException("The proxy given in " + where + " has no host; use http://host:port");
        }
        String path = proxy.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || proxy.getRawQuery() != null
                || proxy.getRawFragment() != null) {
            throw new ConfigurationException("The proxy given in " + where + " has a path or query; give only "
                    + "http://host:port");
        }
        return proxy;
    }

    /** Whether the proxy itself is reached over TLS ({@code https://}). */
    public static boolean usesTls(URI proxy) {
        return "https".equalsIgnoreCase(proxy.getScheme());
    }

    /** The port to reach the proxy on: the URI's, else 443 for {@code https://} and 80 for {@code http://}. */
    public static int port(URI proxy) {
        return proxy.getPort() >= 0 ? proxy.getPort() : usesTls(proxy) ? 443 : 80;
    }

    /**
     * The entries of a {@code NO_PROXY} list, trimmed and lower-case: comma-separated (blanks also separate), each a
     * host name, an IP address or CIDR block, optionally with a port; see {@link NonProxyHosts} for how they match.
     */
    public static Set<String> nonProxyHosts(String noProxyList) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String part : noProxyList.split("[,\\s]+", -1)) {
            String host = part.trim().toLowerCase(Locale.ROOT);
            if (!host.isEmpty()) {
                hosts.add(host);
            }
        }
        return hosts;
    }

    /** The proxy without its user information, fit for a message or a log line. */
    public static URI withoutUserInfo(URI proxy) {
        return URI.create(proxy.getScheme() + "://" + proxy.getHost()
                + (proxy.getPort() < 0 ? "" : ":" + proxy.getPort()));
    }

    /** The percent-decoded user name of the proxy URI, or null. */
    static String user(URI proxy) {
        String userInfo = proxy.getRawUserInfo();
        if (userInfo == null) {
            return null;
        }
        int colon = userInfo.indexOf(':');
        return decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    }

    /** The percent-decoded password of the proxy URI, or null; the caller wipes the array. */
    static char[] password(URI proxy) {
        String userInfo = proxy.getRawUserInfo();
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        return colon < 0 ? null : decode(userInfo.substring(colon + 1)).toCharArray();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
