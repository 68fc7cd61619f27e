package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.pkcs11.Pkcs11Exception;
import dev.rolesanywhere.pkcs11.internal.ffi.Attribute;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code C_FindObjectsInit / C_FindObjects / C_FindObjectsFinal} as one call that always ends the search. */
public final class ObjectSearch {
    private static final int BATCH = 64;

    private ObjectSearch() {
    }

    /** Reads one found object's attributes; null leaves the object out. */
    interface Reader<T> {
        T read(Cryptoki cryptoki, long session, long handle);
    }

    /** Every object on {@code token} matching {@code template}, found and read on one pooled session. */
    static <T> List<T> readAll(Token token, List<Attribute> template, Reader<T> reader) {
        Cryptoki cryptoki = token.cryptoki();
        List<T> out = new ArrayList<>();
        try (SessionLease session = token.sessions().borrow()) {
            try {
                for (long handle : find(cryptoki, session.handle(), template)) {
                    T object = reader.read(cryptoki, session.handle(), handle);
                    if (object != null) {
                        out.add(object);
                    }
                }
            } catch (RuntimeException e) {
                session.reportFailure(e);
                throw e;
            }
        }
        return out;
    }

    /** Every object on the session's token that matches {@code template}, in the token's order. */
    public static long[] find(Cryptoki cryptoki, long session, List<Attribute> template) {
        cryptoki.findObjectsInit(session, template);
        long[] found = new long[0];
        try {
            while (true) {
                long[] batch = cryptoki.findObjects(session, BATCH);
                if (batch.length == 0) {
                    break;
                }
                long[] grown = Arrays.copyOf(found, found.length + batch.length);
                System.arraycopy(batch, 0, grown, found.length, batch.length);
                found = grown;
            }
        } catch (Pkcs11Exception e) {
            finalQuietly(cryptoki, session);
            throw e;
        }
        // A search left open blocks every later search on this session (CKR_OPERATION_ACTIVE).
        cryptoki.findObjectsFinal(session);
        return found;
    }

    private static void finalQuietly(Cryptoki cryptoki, long session) {
        try {
            cryptoki.findObjectsFinal(session);
        } catch (Pkcs11Exception ignored) {
            // The original failure is the one worth reporting.
        }
    }
}
