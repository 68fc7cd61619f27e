package dev.rolesanywhere.core.keys.internal;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle provider instance this library uses. It is passed explicitly to each {@code getInstance} call
 * and never registered with {@link java.security.Security}, so the application's provider order stays untouched.
 */
public final class BouncyCastle {

    private static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }

    public static Provider provider() {
        return PROVIDER;
    }
}
