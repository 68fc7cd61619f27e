package dev.rolesanywhere.pkcs11;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.spi.SignerFactory;
import dev.rolesanywhere.core.spi.SignerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Builds a {@link Pkcs11Signer} for a {@link SignerSpec} whose certificate is a {@code pkcs11:} URI. Registered in
 * {@code META-INF/services}, so configuration code (the SDK credentials provider, the command line) reaches tokens
 * through {@link dev.rolesanywhere.core.spi.Signers#fromSpec(SignerSpec)} without depending on this module.
 *
 * <p>The key is found on the token as the one matching the certificate's public key, so a {@code pkcs11:} private key
 * URI next to the certificate URI (as the reference tool's configurations often have) needs no separate lookup.
 */
public final class Pkcs11SignerFactory implements SignerFactory {

    @Override
    public boolean supports(SignerSpec spec) {
        return spec.usesPkcs11();
    }

    @Override
    public Signer create(SignerSpec spec) {
        String certificate = spec.certificate();
        if (!isPkcs11(certificate)) {
            throw new ConfigurationException("The private key is a pkcs11: URI but the certificate is a file ("
                    + certificate + "): put the certificate on the token next to its key and give its pkcs11: URI "
                    + "as the certificate, or use a key file");
        }
        Pkcs11Signer.Builder builder = Pkcs11Signer.builder().uri(certificate);
        spec.pkcs11Library().ifPresent(library -> builder.modulePath(path(library, "PKCS#11 library")));
        spec.pinCallback().ifPresent(callback -> builder.pinCallback(new PinCallback() {
            @Override
            public char[] pin() {
                return callback.pin();
            }

            @Override
            public boolean isReusable() {
                return callback.isReusable();
            }
        }));
        if (spec.reusePin()) {
            builder.reusePin(true);
        }
        spec.intermediates().ifPresent(file -> builder.intermediates(readCertificates(file)));
        return builder.build();
    }

    private static boolean isPkcs11(String location) {
        return location.regionMatches(true, 0, "pkcs11:", 0, "pkcs11:".length());
    }

    private static Path path(String location, String what) {
        try {
            return Paths.get(location);
        } catch (InvalidPathException e) {
            throw new ConfigurationException("The " + what + " '" + location + "' is not a valid path: "
                    + e.getReason(), e);
        }
    }

    private static List<X509Certificate> readCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate c : read) {
                certificates.add((X509Certificate) c);
            }
            if (certificates.isEmpty()) {
                throw new KeySourceException("The intermediates file " + file + " holds no certificate: give a PEM "
                        + "bundle of the CA certificates between the leaf and the trust anchor");
            }
            return Collections.unmodifiableList(certificates);
        } catch (IOException e) {
            throw new KeySourceException("Cannot read the intermediates file " + file + ": " + e.getMessage()
                    + ". Check the path and its permissions", e);
        } catch (CertificateException e) {
            throw new KeySourceException("The intermediates file " + file + " is not a PEM or DER certificate "
                    + "bundle: " + e.getMessage(), e);
        }
    }
}
