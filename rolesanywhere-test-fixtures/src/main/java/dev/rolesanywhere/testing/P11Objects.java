package dev.rolesanywhere.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;

/** Runs the {@code p11objects} helper (src/main/c) for objects pkcs11-tool cannot create. */
final class P11Objects {
    private P11Objects() {
    }

    /** Writes {@code certFile} to the token as a certificate with {@code CKA_PRIVATE=true}. */
    static void writePrivateCertificate(SoftHsmToken token, Path certFile, byte[] id, String label) {
        X509Certificate cert;
        try (java.io.InputStream in = Files.newInputStream(certFile)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
        char[] pin = token.userPin();
        try {
            String pinText = new String(pin);
            ProcessRunner.command(NativeFixtures.file("p11objects").toString(), token.modulePath().toString(),
                            Long.toUnsignedString(token.slotId()), label, SoftHsmToken.hex(id),
                            SoftHsmToken.hex(cert.getSubjectX500Principal().getEncoded()),
                            SoftHsmToken.hex(cert.getIssuerX500Principal().getEncoded()),
                            SoftHsmToken.hex(serialDer(cert)), certFile.toString())
                    .environment(token.fixture().environment())
                    .environment(Collections.singletonMap("P11OBJECTS_PIN", pinText))
                    .secret(pinText)
                    .run().check();
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    // CKA_SERIAL_NUMBER holds the DER INTEGER, tag and length included
    private static byte[] serialDer(X509Certificate cert) {
        byte[] value = cert.getSerialNumber().toByteArray();
        byte[] der = new byte[value.length + 2];
        der[0] = 0x02;
        der[1] = (byte) value.length;
        System.arraycopy(value, 0, der, 2, value.length);
        return der;
    }
}
