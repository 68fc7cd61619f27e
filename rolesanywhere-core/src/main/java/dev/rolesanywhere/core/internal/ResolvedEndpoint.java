package dev.rolesanywhere.core.internal;

import java.net.URI;

/** Where to send CreateSession and what to sign: the URI, the host header, the canonical URI and the signing region. */
public final class ResolvedEndpoint {
    private final String scheme;
    private final String host;
    private final int port;
    private final String canonicalUri;
    private final String signingRegion;

    ResolvedEndpoint(String scheme, String host, int port, String canonicalUri, String signingRegion) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.canonicalUri = canonicalUri;
        this.signingRegion = signingRegion;
    }

    public String scheme() {
        return scheme;
    }

    /** The host name or address (IPv6 literals in brackets). */
    public String host() {
        return host;
    }

    /** The port, or -1 for the scheme's default. */
    public int port() {
        return port;
    }

    /** The {@code Host} header value: the host, plus the port when it is not the scheme's default. */
    public String hostHeader() {
        return port == -1 ? host : host + ":" + port;
    }

    /** The path to POST to and to sign, including any custom path prefix: {@code /sessions} or {@code /prefix/sessions}. */
    public String canonicalUri() {
        return canonicalUri;
    }

    /** The region in the credential scope: never a "-fips" pseudo-region. */
    public String signingRegion() {
        return signingRegion;
    }

    /** The URL of the sessions resource, without a query. */
    public URI sessionsUri() {
        return URI.create(scheme + "://" + hostHeader() + canonicalUri);
    }

    @Override
    public String toString() {
        return sessionsUri() + " (signing region " + signingRegion + ")";
    }
}
