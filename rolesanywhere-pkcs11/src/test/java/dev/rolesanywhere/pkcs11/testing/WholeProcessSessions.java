package dev.rolesanywhere.pkcs11.testing;

import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleHandle;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleRegistry;
import dev.rolesanywhere.testing.FaultModule;

/**
 * What another library in the same process can do to a token through the fault module: end every session (and with
 * them the login), or log the process out. Here rather than in the shared fixtures, which cannot depend on this
 * module's binding.
 */
public final class WholeProcessSessions {
    private WholeProcessSessions() {
    }

    /**
     * {@code C_CloseAllSessions} on {@code slotId}: ends every session this process has on the token (the code under
     * test's, handles it forgot on purpose, anyone's), as pulling the token out does. Tests call it to start the next
     * test from a logged-out token.
     */
    public static void closeAll(FaultModule faults, long slotId) {
        try (ModuleHandle module = ModuleRegistry.global().acquire(faults.modulePath().toString())) {
            module.cryptoki().closeAllSessions(slotId);
        }
    }

    /** {@code C_Logout} on a session of its own: logs the whole process out, as another library's logout would. */
    public static void logOut(FaultModule faults, long slotId) {
        try (ModuleHandle module = ModuleRegistry.global().acquire(faults.modulePath().toString())) {
            Cryptoki c = module.cryptoki();
            long session = c.openSession(slotId, 0);
            try {
                c.logout(session);
            } finally {
                c.closeSession(session);
            }
        }
    }
}
