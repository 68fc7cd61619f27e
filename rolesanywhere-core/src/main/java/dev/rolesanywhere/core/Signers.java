package dev.rolesanywhere.core;

import dev.rolesanywhere.core.keys.internal.FileSignerFactory;
import dev.rolesanywhere.core.spi.SignerFactory;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Builds a {@link Signer} from text configuration. Registered {@link SignerFactory} implementations are asked
 * first; what none of them claims is read from files. A {@code pkcs11:} URI without the PKCS#11 module on the
 * class path is a configuration error that says which dependency to add.
 */
public final class Signers {

    static final String PKCS11_ARTIFACT = "dev.rolesanywhere:rolesanywhere-pkcs11";
    static final String BOUNCY_CASTLE = "org.bouncycastle:bcprov-jdk18on and bcpkix-jdk18on";

    private Signers() {
    }

    /**
     * A signer for {@code spec}, using factories visible to the thread's context class loader, else to this class's.
     *
     * @throws ConfigurationException when the spec needs a factory that is not on the class path
     * @throws dev.rolesanywhere.core.KeySourceException when the certificate or key cannot be loaded
     */
    public static Signer fromSpec(SignerSpec spec) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return fromSpec(spec, context != null ? context : Signers.class.getClassLoader());
    }

    /** As {@link #fromSpec(SignerSpec)}, looking for factories in {@code classLoader} only. */
    public static Signer fromSpec(SignerSpec spec, ClassLoader classLoader) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(classLoader, "classLoader");
        try {
            return create(spec, classLoader);
        } catch (NoClassDefFoundError e) {
            // A build that excludes Bouncy Castle (a FIPS build with bc-fips, say) fails here with a linkage error
            // deep in the key parsing; say which dependency the key source needs instead.
            if (e.getMessage() != null && e.getMessage().startsWith("org/bouncycastle/")) {
                throw new KeySourceException("Loading the key " + SignerSpec.redact(spec.certificate())
                        + " needs Bouncy Castle, which is not on the class path (" + e.getMessage().replace('/', '.')
                        + " is missing): add " + BOUNCY_CASTLE + ", or with bc-fips add bc-fips and bcpkix-fips. "
                        + "See the README's section on FIPS", e);
            }
            throw e;
        }
    }

    private static Signer create(SignerSpec spec, ClassLoader classLoader) {
        SignerFactory factory = findFactory(spec, classLoader);
        if (factory != null) {
            return factory.create(spec);
        }
        if (spec.usesPkcs11()) {
            throw new ConfigurationException("The certificate or private key is a pkcs11: URI, but PKCS#11 support is "
                    + "not on the class path: add the dependency " + PKCS11_ARTIFACT
                    + " (same version as rolesanywhere-core)");
        }
        return FileSignerFactory.INSTANCE.create(spec);
    }

    private static SignerFactory findFactory(SignerSpec spec, ClassLoader classLoader) {
        try {
            for (SignerFactory candidate : ServiceLoader.load(SignerFactory.class, classLoader)) {
                if (candidate.supports(spec)) {
                    return candidate;
                }
            }
            return null;
        } catch (ServiceConfigurationError e) {
            throw new ConfigurationException("A signer factory registered in META-INF/services/"
                    + SignerFactory.class.getName() + " could not be loaded: " + e.getMessage()
                    + ". Check that the jar providing it matches this version of rolesanywhere-core", e);
        }
    }
}
