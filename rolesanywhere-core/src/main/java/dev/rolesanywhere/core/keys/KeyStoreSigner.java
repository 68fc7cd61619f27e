package dev.rolesanywhere.core.keys;

import dev.rolesanywhere.core.HashAlgorithm;
import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.keys.internal.CertificateKey;
import dev.rolesanywhere.core.keys.internal.JcaSignatures;
import dev.rolesanywhere.core.keys.internal.KeyStoreEntries;
import dev.rolesanywhere.core.keys.internal.Passwords;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.utils.ToString;

/**
 * A {@link Signer} over an entry of any loaded JCA {@link KeyStore}: PKCS12 and JKS files, and through their
 * providers Windows-MY, KeychainStore or SunPKCS11, where the key never leaves the platform store or token.
 *
 * <p>The entry is chosen by alias; without one, the store's only private key entry is used, and a store with several
 * is an error listing their aliases. The intermediates sent with the leaf are the entry's chain without the leaf,
 * unless {@link Builder#certificateChain(List)} gives them explicitly.
 *
 * <p>The key is read once, in {@link Builder#build()}; the key password is used there and then wiped. Immutable and
 * thread-safe; {@link #current()} returns {@code this}.
 */
public final class KeyStoreSigner implements Signer {

    private final PrivateKeySigner delegate;
    private final String storeType;
    private final String alias;

    private KeyStoreSigner(BuilderImpl builder) {
        if (builder.keyStore == null) {
            throw new KeySourceException("No key store given: set keyStore(...) to a loaded KeyStore");
        }
        KeyStore store = builder.keyStore;
        this.storeType = store.getType();
        String source = storeType + " key store";
        this.alias = KeyStoreEntries.selectKeyAlias(store, builder.alias, source, "set the alias to one of them");
        PrivateKey key = KeyStoreEntries.privateKey(store, alias, builder.keyPassword, source);
        List<X509Certificate> entryChain = KeyStoreEntries.chain(store, alias, source);
        List<X509Certificate> intermediates = builder.certificateChain != null
                ? builder.certificateChain : entryChain.subList(1, entryChain.size());
        this.delegate = PrivateKeySigner.builder()
                .privateKey(key)
                .certificate(entryChain.get(0))
                .certificateChain(intermediates)
                .source("entry '" + alias + "' of the " + source)
                .signatureProvider(signingProviderOf(store, entryChain.get(0), source))
                .build();
    }

    // A store whose provider also signs (SunPKCS11, Windows-MY, KeychainStore) holds keys only that provider can use,
    // and that provider need not be installed in java.security; file stores (SUN's PKCS12, JKS) offer no signatures,
    // and their software keys go to the installed providers.
    private static Provider signingProviderOf(KeyStore store, X509Certificate leaf, String source) {
        Provider provider = store.getProvider();
        String signature = JcaSignatures.name(CertificateKey.inspect(leaf, source).algorithm());
        return provider.getService("Signature", signature) == null ? null : provider;
    }

    /** A builder; {@link Builder#keyStore(KeyStore)} is required. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /** The alias of the entry in use, whether given or found. */
    public String alias() {
        return alias;
    }

    @Override
    public X509Certificate certificate() {
        return delegate.certificate();
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return delegate.certificateChain();
    }

    @Override
    public SigningAlgorithm algorithm() {
        return delegate.algorithm();
    }

    @Override
    public byte[] sign(byte[] data) {
        return delegate.sign(data);
    }

    /** {@code keystore}. */
    @Override
    public String keySourceKind() {
        return "keystore";
    }

    @Override
    public byte[] sign(byte[] data, HashAlgorithm hash) {
        return delegate.sign(data, hash);
    }

    @Override
    public String toString() {
        X509Certificate leaf = delegate.certificate();
        return ToString.builder("KeyStoreSigner")
                .add("type", storeType)
                .add("alias", alias)
                .add("subject", leaf.getSubjectX500Principal().getName())
                .add("serial", leaf.getSerialNumber().toString(16))
                .add("key", delegate.keyDescription())
                .add("notAfter", leaf.getNotAfter().toInstant())
                .add("intermediates", delegate.certificateChain().size())
                .build();
    }

    /** Builds a {@link KeyStoreSigner}; {@link #build()} reads the entry and validates it. */
    public interface Builder {

        /** A loaded key store. Required. */
        Builder keyStore(KeyStore keyStore);

        /** The alias of the private key entry; optional when the store holds exactly one. */
        Builder alias(String alias);

        /**
         * The key's password (for PKCS12 files usually the store password; for PKCS#11 stores, {@code null}). The
         * array is copied: wipe yours after this call. {@code build()} wipes the builder's copy.
         */
        Builder keyPassword(char[] keyPassword);

        /** Intermediates to send instead of the entry's own chain, nearest to the leaf first. */
        Builder certificateChain(List<X509Certificate> certificateChain);

        /**
         * @throws KeySourceException when the alias is missing or ambiguous, the key password is wrong, or the entry
         *     is not an acceptable key and v3 certificate pair
         */
        KeyStoreSigner build();
    }

    private static final class BuilderImpl implements Builder {
        private KeyStore keyStore;
        private String alias;
        private char[] keyPassword;
        private List<X509Certificate> certificateChain;

        @Override
        public Builder keyStore(KeyStore keyStore) {
            this.keyStore = keyStore;
            return this;
        }

        @Override
        public Builder alias(String alias) {
            this.alias = alias;
            return this;
        }

        @Override
        public Builder keyPassword(char[] keyPassword) {
            Passwords.wipe(this.keyPassword);
            this.keyPassword = Passwords.copy(keyPassword);
            return this;
        }

        @Override
        public Builder certificateChain(List<X509Certificate> certificateChain) {
            this.certificateChain = certificateChain == null ? null : new ArrayList<>(certificateChain);
            return this;
        }

        @Override
        public KeyStoreSigner build() {
            try {
                return new KeyStoreSigner(this);
            } finally {
                Passwords.wipe(keyPassword);
                keyPassword = null;
            }
        }

        @Override
        public String toString() {
            return "KeyStoreSigner.Builder";
        }
    }
}
