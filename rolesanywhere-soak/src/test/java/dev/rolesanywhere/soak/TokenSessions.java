package dev.rolesanywhere.soak;

import dev.rolesanywhere.pkcs11.Pkcs11Exception;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleHandle;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleRegistry;
import dev.rolesanywhere.pkcs11.internal.ffi.SessionInfo;

/**
 * Counts the sessions really open on a token by asking the module itself ({@code C_GetSessionInfo} on every handle
 * it can have handed out), so a session the signer forgot without closing shows up even though no Java object still
 * refers to it.
 */
final class TokenSessions {
    private TokenSessions() {
    }

    /**
     * SoftHSM2 numbers sessions and objects from one counter that only goes up, so a session opened now gets a
     * number above every handle still valid: probing up to it finds them all.
     */
    static int open(String modulePath, long slotId) {
        try (ModuleHandle module = ModuleRegistry.global().acquire(modulePath)) {
            long highest = module.cryptoki().openSession(slotId, 0);
            module.cryptoki().closeSession(highest);
            int open = 0;
            for (long handle = 1; handle < highest; handle++) {
                try {
                    SessionInfo info = module.cryptoki().getSessionInfo(handle);
                    if (info.slotId() == slotId) {
                        open++;
                    }
                } catch (Pkcs11Exception e) {
                    // CKR_SESSION_HANDLE_INVALID: no session has this number now.
                }
            }
            return open;
        }
    }
}
