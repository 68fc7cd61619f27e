package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.pkcs11.internal.ffi.TokenInfo;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@link LoginState} per physical token (module, slot, serial and label) in this JVM, shared by every signer,
 * inventory and provisioner. PKCS#11 login state belongs to the application and the token, not to a session or a
 * signer, so the decisions about it (log in, present a PIN again, log out) are taken once per token here.
 */
final class LoginRegistry {
    private static final Map<String, LoginState> STATES = new HashMap<>();

    private LoginRegistry() {
    }

    /** The state of the token {@code info} describes in {@code slotId} of the module at {@code modulePath}. */
    static synchronized LoginState of(String modulePath, long slotId, TokenInfo info) {
        String key = modulePath + "#" + slotId + "#" + info.serialNumber() + "#" + info.label();
        return STATES.computeIfAbsent(key, k -> new LoginState());
    }
}
