package dev.rolesanywhere.cli.internal;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.internal.OwnedHttpClientFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;

/**
 * Builds the HTTP client for CreateSession from the command-line trust and proxy flags. The URL-connection client is
 * used because it loads fastest, and this runs once per credential_process call.
 */
public final class HttpClients {

    private HttpClients() {
    }

    /**
     * @param caBundle    PEM certificates to trust instead of the system store, or null
     * @param noVerifySsl trust any server certificate (testing only)
     * @param proxy       an explicit proxy, or null
     * @param withProxy   take the proxy from HTTPS_PROXY / NO_PROXY in {@code context}
     */
    public static SdkHttpClient create(CliContext context, Path caBundle, boolean noVerifySsl, URI proxy,
            boolean withProxy) {
        if (caBundle != null && noVerifySsl) {
            throw new ConfigurationException("--ca-bundle and --no-verify-ssl contradict each other; drop one of them");
        }
        // The library's own client: TLS 1.2+ only, the same trust, proxy and timeout handling as in-process use.
        return OwnedHttpClientFactory.create(Duration.ofSeconds(10), Duration.ofSeconds(30),
                proxyConfiguration(context, proxy, withProxy), caBundle == null ? null : trustStore(caBundle), null,
                noVerifySsl);
    }

    static ProxyConfiguration proxyConfiguration(CliContext context, URI proxy, boolean withProxy) {
        URI endpoint = proxy;
        if (endpoint == null && withProxy) {
            String fromEnvironment = firstOf(context, "HTTPS_PROXY", "https_proxy");
            if (fromEnvironment == null) {
                throw new ConfigurationException("--with-proxy was given but HTTPS_PROXY is not set; set HTTPS_PROXY="
                        + "http://host:port or pass --proxy http://host:port");
            }
            endpoint = parseProxy(fromEnvironment);
        }
        if (endpoint == null) {
            return null;
        }
        if (endpoint.getHost() == null || (endpoint.getPort() < 0 && endpoint.getScheme() == null)) {
            throw new ConfigurationException("The proxy '" + withoutUserInfo(endpoint) + "' has no host; use "
                    + "http://host:port");
        }
        ProxyConfiguration.Builder b = ProxyConfiguration.builder()
                .endpoint(URI.create((endpoint.getScheme() == null ? "http" : endpoint.getScheme()) + "://"
                        + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort())))
                .useSystemPropertyValues(Boolean.FALSE)
                .useEnvironmentVariablesValues(Boolean.FALSE);
        String userInfo = endpoint.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            b.username(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                b.password(decode(userInfo.substring(colon + 1)));
            }
        }
        String noProxy = firstOf(context, "NO_PROXY", "no_proxy");
        if (noProxy != null) {
            b.nonProxyHosts(nonProxyHosts(noProxy));
        }
        return b.build();
    }

    /** NO_PROXY is comma-separated, with ".example.com" meaning any subdomain; Java wants "*.example.com". */
    static Set<String> nonProxyHosts(String noProxy) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String part : noProxy.split(",", -1)) {
            String host = part.trim();
            if (host.isEmpty()) {
                continue;
            }
            int colon = host.lastIndexOf(':');
            if (colon > 0 && host.indexOf(':') == colon) {
                host = host.substring(0, colon);
            }
            if (host.startsWith(".")) {
                hosts.add("*" + host);
                hosts.add(host.substring(1));
            } else {
                hosts.add(host);
            }
        }
        return hosts;
    }

    private static URI parseProxy(String value) {
        String v = value.contains("://") ? value : "http://" + value;
        try {
            return new URI(v);
        } catch (Exception e) {
            throw new ConfigurationException("HTTPS_PROXY is not a URL; use http://host:port", e);
        }
    }

    private static String withoutUserInfo(URI uri) {
        return (uri.getScheme() == null ? "" : uri.getScheme() + "://") + (uri.getHost() == null ? "" : uri.getHost())
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String firstOf(CliContext context, String... names) {
        for (String name : names) {
            String value = context.env(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    static KeyStore trustStore(Path caBundle) {
        try (InputStream in = Files.newInputStream(caBundle)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new ConfigurationException("--ca-bundle " + caBundle + " holds no certificate; give a PEM file of"
                        + " CA certificates");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            return store;
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("--ca-bundle " + caBundle + " does not exist; give the path of a PEM file", e);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read --ca-bundle " + caBundle + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("--ca-bundle " + caBundle + " is not a PEM bundle of X.509 certificates: "
                    + e.getMessage(), e);
        }
    }
}
