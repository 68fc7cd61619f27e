package dev.rolesanywhere.pkcs11;

import dev.rolesanywhere.core.PinCallback;
import java.nio.file.Path;

/**
 * What every builder in this package takes to reach a token: the URI, the module when the URI names none, and the
 * user PIN.
 *
 * @param <B> the public builder interface, returned for chaining
 */
abstract class TokenBuilderBase<B> {
    Pkcs11Uri uri;
    Path modulePath;
    PinCallback pinCallback;

    @SuppressWarnings("unchecked") // every subclass implements B
    private B self() {
        return (B) this;
    }

    public B uri(String uri) {
        this.uri = uri == null ? null : Pkcs11Uri.parse(uri);
        return self();
    }

    public B uri(Pkcs11Uri uri) {
        this.uri = uri;
        return self();
    }

    public B modulePath(Path modulePath) {
        this.modulePath = modulePath;
        return self();
    }

    public B pinCallback(PinCallback pinCallback) {
        this.pinCallback = pinCallback;
        return self();
    }

    /**
     * The PIN source to log in with: an explicit callback is code the caller wrote for this object, so it wins over
     * the URI's {@code pin-value}/{@code pin-source}. Null when neither gives one.
     */
    PinCallback userPin() {
        if (pinCallback != null || uri == null) {
            return pinCallback;
        }
        return uri.pinCallback().orElse(null);
    }
}
