package dev.rolesanywhere.pkcs11;

import dev.rolesanywhere.core.PinCallback;
import java.nio.file.Path;

/**
 * What every builder of this package ({@link Pkcs11Signer}, {@link TokenInventory}, {@link TokenProvisioner}) takes to
 * reach a token: the URI, the module when the URI names none, the user PIN, and how the object shares the module and
 * the PIN decisions with the rest of the process.
 *
 * @param <B> the builder, returned for chaining
 */
public interface TokenOptions<B extends TokenOptions<B>> {
    /** The {@code pkcs11:} URI (RFC 7512) naming the token (and, for a signer, the certificate/key). Required. */
    B uri(String uri);

    B uri(Pkcs11Uri uri);

    /**
     * The module to load when the URI names none ({@code module-path} / {@code module-name} in the URI win).
     * Default: the p11-kit proxy, which reaches every module p11-kit is configured with. See {@link ModuleLocator}.
     */
    B modulePath(Path modulePath);

    /** The user PIN source. Overrides the URI's {@code pin-value}/{@code pin-source}. */
    B pinCallback(PinCallback pinCallback);

    /**
     * Whether this process's use of the PKCS#11 module is all this library's (no SunPKCS11, no other library on the
     * same module). When true, closing the last user in this library of a login it made logs out, and closing the last
     * user of a module it initialised calls {@code C_Finalize}. Default false: the login and the initialised module are
     * left for whoever else in the process may rely on them, as SunPKCS11 does.
     */
    B exclusiveModuleUse(Boolean exclusiveModuleUse);

    /**
     * Whether to remember a PIN the token rejected across processes, for short-lived processes such as
     * {@code credential_process}: a salted fingerprint in an owner-only file per token (see
     * {@link #rejectedPinMarkerDirectory(Path)}) makes later processes refuse that PIN before {@code C_Login} until the
     * PIN source returns a different one. Without it, a token that reports neither {@code CKF_USER_PIN_COUNT_LOW} nor
     * {@code CKF_USER_PIN_FINAL_TRY} loses one try per process run to a stale PIN file. Default false: rejected PINs
     * are remembered in this JVM only.
     */
    B rejectedPinMarkers(Boolean rejectedPinMarkers);

    /**
     * Where {@link #rejectedPinMarkers(Boolean)} keeps its files. Default
     * {@code $XDG_STATE_HOME/rolesanywhere/rejected-pins}, else {@code ~/.local/state/rolesanywhere/rejected-pins}.
     */
    B rejectedPinMarkerDirectory(Path rejectedPinMarkerDirectory);
}
