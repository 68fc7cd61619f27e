package dev.rolesanywhere.emulator.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A parsed SigV4-style {@code Authorization} header:
 * {@code ALGORITHM Credential=id/yyyyMMdd/region/service/aws4_request, SignedHeaders=a;b, Signature=hex}.
 */
public final class AuthorizationHeader {
    private final String algorithm;
    private final String credentialId;
    private final String date;
    private final String region;
    private final String service;
    private final String terminator;
    private final List<String> signedHeaders;
    private final String signature;

    private AuthorizationHeader(String algorithm, String[] credential, List<String> signedHeaders, String signature) {
        this.algorithm = algorithm;
        this.credentialId = credential[0];
        this.date = credential[1];
        this.region = credential[2];
        this.service = credential[3];
        this.terminator = credential[4];
        this.signedHeaders = signedHeaders;
        this.signature = signature;
    }

    /**
     * Parses the header.
     *
     * @throws IllegalArgumentException with a message naming what is malformed
     */
    public static AuthorizationHeader parse(String header) {
        if (header == null || header.trim().isEmpty()) {
            throw new IllegalArgumentException("Authorization header is missing");
        }
        String value = header.trim();
        int space = value.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("Authorization header has no Credential, SignedHeaders and Signature");
        }
        String algorithm = value.substring(0, space);
        String[] credential = null;
        List<String> signedHeaders = null;
        String signature = null;
        // Limit 0 on purpose: a trailing comma is tolerated, an empty component between two commas is not.
        for (String part : value.substring(space + 1).split(",", 0)) {
            String item = part.trim();
            int eq = item.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Authorization header component '" + item + "' is not name=value");
            }
            String name = item.substring(0, eq);
            String content = item.substring(eq + 1);
            if ("Credential".equals(name)) {
                credential = content.split("/", -1);
                if (credential.length != 5) {
                    throw new IllegalArgumentException("Authorization Credential must be "
                            + "id/yyyyMMdd/region/service/aws4_request, got " + credential.length + " parts");
                }
            } else if ("SignedHeaders".equals(name)) {
                signedHeaders = Collections.unmodifiableList(Arrays.asList(content.split(";", -1)));
            } else if ("Signature".equals(name)) {
                signature = content;
            } else {
                throw new IllegalArgumentException("Authorization header has unknown component '" + name + "'");
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw new IllegalArgumentException("Authorization header must have Credential, SignedHeaders and "
                    + "Signature");
        }
        return new AuthorizationHeader(algorithm, credential, signedHeaders, signature);
    }

    public String algorithm() {
        return algorithm;
    }

    /** The first Credential component: a certificate serial (X.509) or an access key id (HMAC). */
    public String credentialId() {
        return credentialId;
    }

    public String date() {
        return date;
    }

    public String region() {
        return region;
    }

    public String service() {
        return service;
    }

    public String terminator() {
        return terminator;
    }

    public String scope() {
        return date + '/' + region + '/' + service + '/' + terminator;
    }

    public List<String> signedHeaders() {
        return signedHeaders;
    }

    public String signature() {
        return signature;
    }
}
