package dev.rolesanywhere.core.internal;

import dev.rolesanywhere.core.ConfigurationException;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns the client's options into the endpoint to call and the region to sign for.
 *
 * <p>Two defects of the reference tool are deliberately avoided here: a "-fips" region name is stripped before it can
 * reach the signing scope, and a custom endpoint's path prefix is kept in the canonical URI.
 */
public final class EndpointResolver {
    private static final String SESSIONS = "/sessions";
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

    private EndpointResolver() {
    }

    /**
     * @param trustAnchor    the parsed trust anchor ARN: default region and partition
     * @param regionOverride the client's region option, or {@code null}; "fips-X" and "X-fips" select FIPS
     * @param customEndpoint the client's endpoint option, or {@code null}
     * @param fips           whether the FIPS endpoint is wanted
     * @param dualstack      whether the dual-stack (IPv6) endpoint is wanted
     */
    public static ResolvedEndpoint resolve(Arn trustAnchor, String regionOverride, URI customEndpoint, boolean fips,
            boolean dualstack) {
        String region = trustAnchor.region();
        boolean useFips = fips;
        if (regionOverride != null) {
            String r = regionOverride.trim().toLowerCase(Locale.ROOT);
            if (r.endsWith("-fips")) {
                r = r.substring(0, r.length() - "-fips".length());
                useFips = true;
            } else if (r.startsWith("fips-")) {
                r = r.substring("fips-".length());
                useFips = true;
            }
            if (!REGION.matcher(r).matches()) {
                throw new ConfigurationException("region '" + regionOverride + "' is not a region name such as "
                        + "us-east-1; leave it unset to use the trust anchor's region (" + trustAnchor.region() + ")");
            }
            if (Partition.forRegion(r) != trustAnchor.partition()) {
                throw new ConfigurationException("region '" + regionOverride + "' is in partition "
                        + Partition.forRegion(r).id() + " but the trust anchor is in partition "
                        + trustAnchor.partition().id() + ": leave region unset to use the trust anchor's region ("
                        + trustAnchor.region() + ")");
            }
            region = r;
        }
        if (customEndpoint != null) {
            if (fips || dualstack) {
                throw bothEndpointAndFlags();
            }
            return custom(customEndpoint, region);
        }
        Partition partition = trustAnchor.partition();
        String suffix = partition.dnsSuffix();
        if (dualstack) {
            suffix = partition.dualstackDnsSuffix();
            if (suffix == null) {
                throw new ConfigurationException("dualstackEnabled is set but partition " + partition.id()
                        + " has no dual-stack Roles Anywhere endpoint: unset dualstackEnabled");
            }
        }
        String host = (useFips ? "rolesanywhere-fips." : "rolesanywhere.") + region + "." + suffix;
        return new ResolvedEndpoint("https", host, -1, SESSIONS, region);
    }

    /**
     * Checks the client options that can be checked without a trust anchor, so that mistakes surface when the client
     * is built rather than on the first request.
     */
    public static void validateOptions(String regionOverride, URI customEndpoint, boolean fips, boolean dualstack) {
        if (regionOverride != null) {
            String r = regionOverride.trim().toLowerCase(Locale.ROOT).replaceFirst("^fips-", "")
                    .replaceFirst("-fips$", "");
            if (!REGION.matcher(r).matches()) {
                throw new ConfigurationException("region '" + regionOverride + "' is not a region name such as "
                        + "us-east-1; leave it unset to use the trust anchor's region");
            }
        }
        if (customEndpoint != null) {
            if (fips || dualstack) {
                throw bothEndpointAndFlags();
            }
            custom(customEndpoint, "us-east-1");
        }
    }

    private static ConfigurationException bothEndpointAndFlags() {
        // As the AWS SDKs do: a configured endpoint is used as given, so FIPS or dual-stack cannot be applied to it.
        return new ConfigurationException("A custom endpoint (endpoint; --endpoint, AWS_ENDPOINT_URL_ROLESANYWHERE, "
                + "AWS_ENDPOINT_URL or endpoint_url) is set together with FIPS or dual-stack (fipsEnabled, "
                + "dualstackEnabled; AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT, use_fips_endpoint, "
                + "use_dualstack_endpoint): a custom endpoint is used as given, so unset one of them");
    }

    private static ResolvedEndpoint custom(URI endpoint, String region) {
        String scheme = endpoint.getScheme() == null ? null : endpoint.getScheme().toLowerCase(Locale.ROOT);
        String host = endpoint.getHost();
        if (!endpoint.isAbsolute() || host == null || !("https".equals(scheme) || "http".equals(scheme))) {
            throw new ConfigurationException("endpoint '" + endpoint + "' must be an absolute https:// URL with a "
                    + "host, such as https://rolesanywhere.example.com or https://proxy.example.com/prefix");
        }
        if (endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null
                || endpoint.getRawFragment() != null) {
            throw new ConfigurationException("endpoint '" + endpoint + "' must not contain user info, a query or a "
                    + "fragment: give scheme, host, optional port and optional path prefix only");
        }
        if ("http".equals(scheme) && !isLoopback(host)) {
            throw new ConfigurationException("endpoint '" + endpoint + "' uses plain http to a host that is not the "
                    + "loopback interface: credentials would cross the network unencrypted. Use https://, or http:// "
                    + "only with localhost, 127.0.0.1 or [::1]");
        }
        int port = endpoint.getPort();
        if (port == defaultPort(scheme)) {
            port = -1;
        }
        return new ResolvedEndpoint(scheme, host.toLowerCase(Locale.ROOT), port, pathPrefix(endpoint) + SESSIONS,
                region);
    }

    private static String pathPrefix(URI endpoint) {
        String path = endpoint.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith(SESSIONS)) {
            throw new ConfigurationException("endpoint '" + endpoint + "' already ends with /sessions: give the "
                    + "base URL, the client appends /sessions itself");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            // Restricting the prefix to unreserved characters makes its SigV4 encoding the identity, so what is sent
            // and what is signed cannot differ.
            if (c != '/' && !SigV4Encoding.isUnreserved(c)) {
                throw new ConfigurationException("endpoint '" + endpoint + "' has a path prefix with the character '"
                        + c + "': use only letters, digits, '-', '_', '.', '~' and '/'");
            }
        }
        if (path.contains("//")) {
            throw new ConfigurationException("endpoint '" + endpoint + "' has an empty path segment ('//')");
        }
        return path;
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.matches("127(\\.[0-9]{1,3}){3}");
    }
}
