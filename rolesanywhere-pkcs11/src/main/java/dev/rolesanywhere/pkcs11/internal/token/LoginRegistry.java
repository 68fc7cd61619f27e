package dev.rolesanywhere.pkcs11.internal.token;

import java.util.HashMap;
import java.util.Map;

/**
 * Who in this JVM relies on the login to each token. PKCS#11 login state belongs to the process, not to a session
 * or a signer: a signer that logged out on close would silently log out every other signer on that token. So the
 * last holder logs out, and only if one of this library's holders performed the login (a login made by someone
 * else in the process, such as SunPKCS11, is left alone).
 */
final class LoginRegistry {
    private static final Map<String, Entry> ENTRIES = new HashMap<>();

    private static final class Entry {
        int holders;
        boolean loggedInByUs;
    }

    private LoginRegistry() {
    }

    /** Module path, slot and serial: one login state. */
    static String key(String modulePath, long slotId, String serial) {
        return modulePath + "#" + slotId + "#" + serial;
    }

    static synchronized void hold(String key) {
        ENTRIES.computeIfAbsent(key, k -> new Entry()).holders++;
    }

    static synchronized void loggedIn(String key) {
        Entry e = ENTRIES.get(key);
        if (e != null) {
            e.loggedInByUs = true;
        }
    }

    /** Drops one holder; true when it was the last and this library logged in, i.e. the caller should log out. */
    static synchronized boolean release(String key) {
        Entry e = ENTRIES.get(key);
        if (e == null) {
            return false;
        }
        e.holders--;
        if (e.holders > 0) {
            return false;
        }
        ENTRIES.remove(key);
        return e.loggedInByUs;
    }
}
