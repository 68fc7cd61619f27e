package dev.rolesanywhere.pkcs11;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.internal.token.ContextSettings;
import java.nio.file.Path;

/**
 * What every builder in this package takes to reach a token: the URI, the module when the URI names none, the user
 * PIN, and how this object shares the module and the PIN decisions with the rest of the process.
 *
 * @param <B> the public builder interface, returned for chaining
 */
abstract class TokenBuilderBase<B> {
    Pkcs11Uri uri;
    Path modulePath;
    PinCallback pinCallback;
    Boolean exclusiveModuleUse;
    Boolean rejectedPinMarkers;
    Path rejectedPinMarkerDirectory;

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

    public B exclusiveModuleUse(Boolean exclusiveModuleUse) {
        this.exclusiveModuleUse = exclusiveModuleUse;
        return self();
    }

    public B rejectedPinMarkers(Boolean rejectedPinMarkers) {
        this.rejectedPinMarkers = rejectedPinMarkers;
        return self();
    }

    public B rejectedPinMarkerDirectory(Path rejectedPinMarkerDirectory) {
        this.rejectedPinMarkerDirectory = rejectedPinMarkerDirectory;
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

    /**
     * The settings of the module context this builder's object opens.
     *
     * @throws ConfigurationException when a marker directory is set without turning markers on
     */
    ContextSettings.Builder contextSettings() {
        boolean markers = Boolean.TRUE.equals(rejectedPinMarkers);
        if (rejectedPinMarkerDirectory != null && !markers) {
            throw new ConfigurationException("rejectedPinMarkerDirectory is set to " + rejectedPinMarkerDirectory
                    + " but rejectedPinMarkers is not true. Set rejectedPinMarkers(true) to remember rejected PINs "
                    + "there, or remove the directory");
        }
        return ContextSettings.builder().exclusiveModuleUse(Boolean.TRUE.equals(exclusiveModuleUse))
                .rejectedPinDirectory(!markers ? null : rejectedPinMarkerDirectory != null
                        ? rejectedPinMarkerDirectory : ContextSettings.defaultRejectedPinMarkerDirectory());
    }
}
