package dev.rolesanywhere.core.internal;

import dev.rolesanywhere.core.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;

/**
 * A proxy given as {@code [http://][user[:password]@]host[:port]} (the {@code HTTPS_PROXY} convention) and hosts to
 * reach without it, turned into the url-connection client's configuration.
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
        if (uri.getHost() == null) {
            throw new ConfigurationException("The proxy of " + where + " has no host; use http://host:port");
        }
        return uri;
    }

    /** The hosts of a {@code NO_PROXY} list: comma-separated, a leading dot meaning the domain and every host in it. */
    public static Set<String> nonProxyHosts(String noProxyList) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String part : noProxyList.split(",", -1)) {
            String host = part.trim();
            int colon = host.lastIndexOf(':');
            if (colon > 0 && host.indexOf(':') == colon) {
                host = host.substring(0, colon);
            }
            if (host.startsWith(".")) {
                hosts.add("*" + host);
                hosts.add(host.substring(1));
            } else if (!host.isEmpty()) {
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

    /** The configuration of the client this library owns; it reads no system properties or environment then. */
    public static ProxyConfiguration configuration(URI proxy, Set<String> nonProxyHosts) {
        ProxyConfiguration.Builder b = ProxyConfiguration.builder()
                .endpoint(withoutUserInfo(proxy))
                .nonProxyHosts(nonProxyHosts)
                .useSystemPropertyValues(Boolean.FALSE)
                .useEnvironmentVariablesValues(Boolean.FALSE);
        String userInfo = proxy.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            b.username(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                b.password(decode(userInfo.substring(colon + 1)));
            }
        }
        return b.build();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
