package dev.rolesanywhere.core.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A CreateSession request after signing: headers to send, plus the intermediate texts for debugging and tests. */
public final class SignedRequest {
    private final Map<String, String> headers;
    private final String canonicalQueryString;
    private final String canonicalRequest;
    private final String stringToSign;
    private final String signature;

    SignedRequest(Map<String, String> headers, String canonicalQueryString, String canonicalRequest,
            String stringToSign, String signature) {
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.canonicalQueryString = canonicalQueryString;
        this.canonicalRequest = canonicalRequest;
        this.stringToSign = stringToSign;
        this.signature = signature;
    }

    /** Every header to send, including {@code Authorization}, with their conventional capitalisation. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The encoded, sorted query string; empty when the ARNs travel in the body. Also what goes on the wire. */
    public String canonicalQueryString() {
        return canonicalQueryString;
    }

    public String canonicalRequest() {
        return canonicalRequest;
    }

    public String stringToSign() {
        return stringToSign;
    }

    /** The signature, lower-case hex. */
    public String signature() {
        return signature;
    }
}
