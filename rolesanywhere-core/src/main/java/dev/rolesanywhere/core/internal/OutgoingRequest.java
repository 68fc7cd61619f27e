package dev.rolesanywhere.core.internal;

import java.util.Arrays;
import software.amazon.awssdk.http.SdkHttpFullRequest;

/**
 * A signed request about to be sent. Exists so that tests can alter a request after signing (tampered body, dropped
 * chain header) and check that the service rejects it; production code passes it through unchanged.
 */
public final class OutgoingRequest {
    private final SdkHttpFullRequest request;
    private final byte[] body;

    public OutgoingRequest(SdkHttpFullRequest request, byte[] body) {
        this.request = request;
        this.body = body.clone();
    }

    /** Method, URI and headers; the body travels separately in {@link #body()}. */
    public SdkHttpFullRequest request() {
        return request;
    }

    public byte[] body() {
        return body.clone();
    }

    public OutgoingRequest withRequest(SdkHttpFullRequest newRequest) {
        return new OutgoingRequest(newRequest, body);
    }

    public OutgoingRequest withBody(byte[] newBody) {
        return new OutgoingRequest(request, Arrays.copyOf(newBody, newBody.length));
    }
}
