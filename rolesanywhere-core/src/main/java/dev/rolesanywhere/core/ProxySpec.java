package dev.rolesanywhere.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.utils.ToString;

/**
 * An HTTP proxy for the CreateSession calls of the HTTP client this library creates: where it is, who to log in as,
 * and which hosts are reached without it. Immutable; {@link #toString()} never shows the password.
 */
public final class ProxySpec {
    private final URI endpoint;
    private final String username;
    private final String password;
    private final Set<String> nonProxyHosts;

    private ProxySpec(BuilderImpl b) {
        if (b.endpoint == null || b.endpoint.getHost() == null) {
            throw new ConfigurationException("The proxy endpoint names no host; use http://host:port");
        }
        this.endpoint = b.endpoint;
        this.username = b.username;
        this.password = b.password;
        this.nonProxyHosts = Collections.unmodifiableSet(new LinkedHashSet<>(b.nonProxyHosts));
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    /**
     * Reads {@code [http://][user[:password]@]host[:port]}, as in {@code HTTPS_PROXY}; user and password are
     * percent-decoded.
     *
     * @param where names the setting, for messages: {@code --proxy}, {@code HTTPS_PROXY}
     * @throws ConfigurationException when the text is not such a URL
     */
    public static ProxySpec parse(String text, String where) {
        String trimmed = text.trim();
        URI uri;
        try {
            uri = new URI(trimmed.contains("://") ? trimmed : "http://" + trimmed);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(where + " is not a URL; use http://host:port");
        }
        if (uri.getHost() == null) {
            // Not quoted: the text may hold a password.
            throw new ConfigurationException("The proxy of " + where + " has no host; use http://host:port");
        }
        Builder builder = builder().endpoint(URI.create(uri.getScheme() + "://" + uri.getHost()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort())));
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            builder.username(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                builder.password(decode(userInfo.substring(colon + 1)));
            }
        }
        return builder.build();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** {@code scheme://host[:port]}, without user information. */
    public URI endpoint() {
        return endpoint;
    }

    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** Host patterns reached directly ({@code *} matches any run of characters). */
    public Set<String> nonProxyHosts() {
        return nonProxyHosts;
    }

    public Builder toBuilder() {
        return new BuilderImpl(this);
    }

    /** The same proxy for the SDK's url-connection client, which reads no system properties or environment then. */
    ProxyConfiguration toProxyConfiguration() {
        return ProxyConfiguration.builder()
                .endpoint(endpoint)
                .username(username)
                .password(password)
                .nonProxyHosts(nonProxyHosts)
                .useSystemPropertyValues(Boolean.FALSE)
                .useEnvironmentVariablesValues(Boolean.FALSE)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ProxySpec)) {
            return false;
        }
        ProxySpec that = (ProxySpec) o;
        return endpoint.equals(that.endpoint) && Objects.equals(username, that.username)
                && Objects.equals(password, that.password) && nonProxyHosts.equals(that.nonProxyHosts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, username, nonProxyHosts);
    }

    @Override
    public String toString() {
        return ToString.builder("ProxySpec")
                .add("endpoint", endpoint)
                .add("username", username)
                .add("password", password == null ? null : "***")
                .add("nonProxyHosts", nonProxyHosts.isEmpty() ? null : nonProxyHosts)
                .build();
    }

    /** Builds a {@link ProxySpec}; the endpoint is required. */
    public interface Builder {
        /** {@code http://host:port} of the proxy. */
        Builder endpoint(URI endpoint);

        Builder username(String username);

        Builder password(String password);

        /** Host patterns to reach directly, {@code *} matching any run of characters. Replaces earlier ones. */
        Builder nonProxyHosts(Set<String> nonProxyHosts);

        /**
         * Adds the hosts of a {@code NO_PROXY} list: comma-separated, a leading dot meaning the domain and every
         * host in it, a port ignored.
         */
        Builder noProxy(String noProxyList);

        /** @throws ConfigurationException when the endpoint names no host */
        ProxySpec build();
    }

    private static final class BuilderImpl implements Builder {
        private URI endpoint;
        private String username;
        private String password;
        private final Set<String> nonProxyHosts = new LinkedHashSet<>();

        BuilderImpl() {
        }

        BuilderImpl(ProxySpec spec) {
            endpoint = spec.endpoint;
            username = spec.username;
            password = spec.password;
            nonProxyHosts.addAll(spec.nonProxyHosts);
        }

        @Override
        public Builder endpoint(URI v) {
            endpoint = v;
            return this;
        }

        @Override
        public Builder username(String v) {
            username = v;
            return this;
        }

        @Override
        public Builder password(String v) {
            password = v;
            return this;
        }

        @Override
        public Builder nonProxyHosts(Set<String> v) {
            nonProxyHosts.clear();
            if (v != null) {
                nonProxyHosts.addAll(v);
            }
            return this;
        }

        @Override
        public Builder noProxy(String noProxyList) {
            for (String part : noProxyList.split(",", -1)) {
                String host = part.trim();
                int colon = host.lastIndexOf(':');
                if (colon > 0 && host.indexOf(':') == colon) {
                    host = host.substring(0, colon);
                }
                if (host.startsWith(".")) {
                    nonProxyHosts.add("*" + host);
                    nonProxyHosts.add(host.substring(1));
                } else if (!host.isEmpty()) {
                    nonProxyHosts.add(host);
                }
            }
            return this;
        }

        @Override
        public ProxySpec build() {
            return new ProxySpec(this);
        }

        @Override
        public String toString() {
            return "ProxySpec.Builder";
        }
    }
}
