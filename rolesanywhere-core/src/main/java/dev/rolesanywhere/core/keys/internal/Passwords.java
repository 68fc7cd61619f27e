package dev.rolesanywhere.core.keys.internal;

import java.util.Arrays;

/** Copies and wipes of {@code char[]} secrets, so that each owner clears exactly the array it made. */
public final class Passwords {

    private Passwords() {
    }

    /** A private copy, or {@code null} for {@code null}. */
    public static char[] copy(char[] password) {
        return password == null ? null : password.clone();
    }

    /** Overwrites the array so the secret does not linger on the heap until garbage collection. */
    public static void wipe(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }
}
