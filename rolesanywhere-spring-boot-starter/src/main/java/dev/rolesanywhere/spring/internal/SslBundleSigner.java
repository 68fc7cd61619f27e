package dev.rolesanywhere.spring.internal;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.keys.KeyStoreSigner;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundles;

/**
 * A {@link Signer} over the key store of a Spring Boot SSL bundle ({@code spring.ssl.bundle.pem.*} or
 * {@code spring.ssl.bundle.jks.*}, inline PEM included): Boot parses the PEM, PKCS#12 or JKS, this signs with the
 * entry it holds. When Boot reloads the bundle (its {@code reload-on-update}), the new key and certificate are used
 * from the next CreateSession on; a bundle that no longer holds a usable key leaves the previous one in use.
 */
public final class SslBundleSigner implements Signer {
    private static final Logger LOG = LoggerFactory.getLogger(SslBundleSigner.class);

    private final String bundleName;
    private volatile KeyStoreSigner current;

    /**
     * @throws org.springframework.boot.ssl.NoSuchSslBundleException when no bundle has that name
     * @throws KeySourceException when the bundle holds no key store, or no usable key and certificate
     */
    public SslBundleSigner(SslBundles bundles, String bundleName) {
        this.bundleName = bundleName;
        this.current = load(bundles.getBundle(bundleName), bundleName);
        bundles.addBundleUpdateHandler(bundleName, this::reload);
    }

    private void reload(SslBundle updated) {
        try {
            current = load(updated, bundleName);
            LOG.info("SSL bundle '{}' was updated: IAM Roles Anywhere signs with certificate serial {} from now on",
                    bundleName, current.certificate().getSerialNumber());
        } catch (RuntimeException e) {
            LOG.warn("SSL bundle '{}' was updated but holds no usable key and certificate ({}); the previous ones "
                    + "stay in use", bundleName, e.getMessage());
        }
    }

    private static KeyStoreSigner load(SslBundle bundle, String bundleName) {
        KeyStore store = bundle.getStores().getKeyStore();
        if (store == null) {
            throw new KeySourceException("SSL bundle '" + bundleName + "' (aws.rolesanywhere.ssl-bundle) has no key "
                    + "store: give it the client certificate and private key (spring.ssl.bundle.pem." + bundleName
                    + ".keystore.certificate and .private-key, or spring.ssl.bundle.jks." + bundleName
                    + ".keystore.location)");
        }
        SslBundleKey key = bundle.getKey();
        String password = key.getPassword() != null ? key.getPassword() : bundle.getStores().getKeyStorePassword();
        char[] keyPassword = password == null ? null : password.toCharArray();
        return KeyStoreSigner.builder()
                .keyStore(store)
                .alias(key.getAlias())
                .keyPassword(keyPassword)
                .build();
    }

    @Override
    public KeyStoreSigner current() {
        return current;
    }

    @Override
    public X509Certificate certificate() {
        return current.certificate();
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return current.certificateChain();
    }

    @Override
    public SigningAlgorithm algorithm() {
        return current.algorithm();
    }

    @Override
    public byte[] sign(byte[] data) {
        return current.sign(data);
    }

    /** {@code ssl-bundle}. */
    @Override
    public String keySourceKind() {
        return "ssl-bundle";
    }

    @Override
    public String toString() {
        return "SslBundleSigner(bundle=" + bundleName + ", " + current + ")";
    }
}
