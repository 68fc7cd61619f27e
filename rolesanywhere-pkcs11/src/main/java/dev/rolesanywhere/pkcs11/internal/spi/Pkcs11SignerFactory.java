package dev.rolesanywhere.pkcs11.internal.spi;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.spi.SignerFactory;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.pkcs11.ModuleLocator;
import dev.rolesanywhere.pkcs11.Pkcs11Signer;
import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@link Pkcs11Signer}s for {@link SignerSpec}s that name a {@code pkcs11:} URI, so that the credentials
 * provider and the command line reach tokens without depending on this module. Registered through
 * {@code META-INF/services/dev.rolesanywhere.core.spi.SignerFactory}.
 *
 * <p>Accepted shapes, as the reference tool's flags allow: the certificate as a URI (its key is found next to it; a
 * key URI may be given too, for the same token), or the certificate as a file with the key as a URI. With two URIs,
 * as the reference tool does, the key URI's {@code id}/{@code object} select the key and its PIN serves when the
 * certificate URI carries none; its module attributes serve likewise.
 */
public final class Pkcs11SignerFactory implements SignerFactory {

    /** For {@link java.util.ServiceLoader}. */
    public Pkcs11SignerFactory() {
    }

    @Override
    public boolean supports(SignerSpec spec) {
        return spec.usesPkcs11();
    }

    @Override
    public Signer create(SignerSpec spec) {
        Pkcs11Signer.Builder builder = Pkcs11Signer.builder();
        String certificate = spec.certificate();
        String key = spec.privateKey().orElse(null);
        if (isUri(certificate)) {
            Pkcs11Uri certificateUri = Pkcs11Uri.parse(certificate);
            if (key != null && !isUri(key)) {
                throw new ConfigurationException("The certificate is a pkcs11: URI but the private key is the file "
                        + SignerSpec.redact(key) + ". A key on a token is named by a pkcs11: URI; omit the private "
                        + "key to use the one next to the certificate");
            }
            if (key != null) {
                Pkcs11Uri keyUri = Pkcs11Uri.parse(key);
                requireSameToken(certificateUri, keyUri);
                builder.privateKeyUri(keyUri);
                certificateUri = withModuleOf(certificateUri, keyUri);
            }
            builder.uri(certificateUri);
        } else {
            if (key == null || !isUri(key)) {
                throw new ConfigurationException("Neither the certificate nor the private key is a pkcs11: URI");
            }
            builder.uri(Pkcs11Uri.parse(key)).certificate(readCertificates(path(certificate, "certificate")).get(0));
        }
        spec.intermediates().ifPresent(p -> builder.intermediates(readCertificates(p)));
        spec.pkcs11Library().ifPresent(library -> builder.modulePath(module(library)));
        spec.pinCallback().ifPresent(builder::pinCallback);
        spec.contextPinCallback().ifPresent(builder::contextPinCallback);
        builder.reusePin(spec.reusePin());
        return builder.build();
    }

    private static void requireSameToken(Pkcs11Uri certificate, Pkcs11Uri key) {
        boolean differ = differs(certificate.token().orElse(null), key.token().orElse(null))
                || differs(certificate.serial().orElse(null), key.serial().orElse(null));
        if (differ) {
            throw new ConfigurationException("The certificate URI " + certificate + " and the private key URI " + key
                    + " name different tokens. The key must be on the token that holds its certificate; give the "
                    + "certificate as a file to use a key on another token");
        }
    }

    /** {@code certificate}, with {@code key}'s module-path/module-name when it names no module itself. */
    private static Pkcs11Uri withModuleOf(Pkcs11Uri certificate, Pkcs11Uri key) {
        if (certificate.modulePath().isPresent() || certificate.moduleName().isPresent()) {
            return certificate;
        }
        Pkcs11Uri.Builder b = certificate.toBuilder();
        key.modulePath().ifPresent(b::modulePath);
        key.moduleName().ifPresent(b::moduleName);
        return b.build();
    }

    private static boolean differs(String a, String b) {
        return a != null && b != null && !a.equals(b);
    }

    private static boolean isUri(String location) {
        return SignerSpec.isPkcs11Uri(location);
    }

    /** A path (contains a separator) is used as is; a bare name such as {@code opensc-pkcs11} is looked up. */
    private static Path module(String library) {
        if (library.indexOf('/') >= 0 || library.indexOf('\\') >= 0) {
            return path(library, "PKCS#11 library");
        }
        return ModuleLocator.create().locateModuleName(library);
    }

    private static List<X509Certificate> readCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) c);
            }
            if (certificates.isEmpty()) {
                throw new KeySourceException("No certificate in " + SignerSpec.redact(file.toString())
                        + ". Give a PEM or DER X.509 certificate");
            }
            return certificates;
        } catch (IOException e) {
            throw new KeySourceException("Cannot read " + SignerSpec.redact(file.toString()) + ": "
                    + SignerSpec.redact(e.getMessage()) + ". Check the path and its permissions",
                    withoutPin(file.toString(), e));
        } catch (CertificateException e) {
            throw new KeySourceException(SignerSpec.redact(file.toString()) + " does not hold PEM or DER X.509 "
                    + "certificates: " + e.getMessage(), e);
        }
    }

    private static Path path(String location, String what) {
        try {
            return Paths.get(location);
        } catch (InvalidPathException e) {
            throw new ConfigurationException("The " + what + " location '" + SignerSpec.redact(location)
                    + "' is not a valid file path (" + e.getReason() + ")", withoutPin(location, e));
        }
    }

    /** The JDK's exceptions quote a path as given: such a cause is left out when the path carries a PIN. */
    private static Exception withoutPin(String location, Exception cause) {
        return SignerSpec.redact(location).equals(location) ? cause : null;
    }
}
