package dev.rolesanywhere.core.spi;

import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SignerSpec;

/**
 * Builds a {@link Signer} from a {@link SignerSpec} for one kind of key source. Implementations register through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.rolesanywhere.core.spi.SignerFactory}) and need a
 * public no-argument constructor; {@code rolesanywhere-pkcs11} registers the one for {@code pkcs11:} URIs.
 *
 * <p>This is how the credentials provider and the command line reach key sources they do not depend on.
 */
public interface SignerFactory {

    /** Whether this factory builds signers for the spec, typically decided by the scheme of its locations. */
    boolean supports(SignerSpec spec);

    /**
     * Builds the signer; the caller owns it and closes it.
     *
     * @throws dev.rolesanywhere.core.KeySourceException when the key or certificate cannot be loaded
     * @throws dev.rolesanywhere.core.ConfigurationException when the spec is inconsistent for this source
     */
    Signer create(SignerSpec spec);
}
