package dev.rolesanywhere.core.keys;

import dev.rolesanywhere.testing.TestKeyType;
import java.nio.file.Path;

/**
 * The ways a key and its certificate can be handed to {@link FileSigner}, each made from a PKCS#8 key and a PEM
 * certificate by OpenSSL.
 */
enum KeyFormat {
    PKCS8_PEM {
        @Override
        FileSigner.Builder prepare(OpenSsl ssl, TestKeyType type, Path key, Path cert) {
            return FileSigner.builder().certificateFile(cert).privateKeyFile(key);
        }
    },
    TRADITIONAL_PEM {
        // PKCS#1 "RSA PRIVATE KEY" or SEC1 "EC PRIVATE KEY"
        @Override
        FileSigner.Builder prepare(OpenSsl ssl, TestKeyType type, Path key, Path cert) {
            Path traditional = ssl.file("traditional.pem");
            ssl.openssl("pkey", "-in", key.toString(), "-traditional", "-out", traditional.toString());
            return FileSigner.builder().certificateFile(cert).privateKeyFile(traditional);
        }
    },
    SEC1_WITH_EC_PARAMETERS {
        @Override
        boolean appliesTo(TestKeyType type) {
            return type.isEc();
        }

        @Override
        FileSigner.Builder prepare(OpenSsl ssl, TestKeyType type, Path key, Path cert) {
            Path parameters = ssl.file("params.pem");
            ssl.openssl("ecparam", "-name", type.opensslCurve(), "-out", parameters.toString());
            Path traditional = ssl.file("sec1.pem");
            ssl.openssl("pkey", "-in", key.toString(), "-traditional", "-out", traditional.toString());
            Path combined = OpenSsl.concat(ssl.file("params-and-key.pem"), parameters, traditional);
            return FileSigner.builder().certificateFile(cert).privateKeyFile(combined);
        }
    },
    ENCRYPTED_PKCS8_AES256_SHA256 {
        @Override
        FileSigner.Builder prepare(OpenSsl ssl, TestKeyType type, Path key, Path cert) {
            return FileSigner.builder().certificateFile(cert)
                    .privateKeyFile(encryptPkcs8(ssl, key, "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256"))
                    .password(PASSWORD.toCharArray());
        }
    },
    ENCRYPTED_PKCS8_SCRYPT {
        @Override
        FileSigner.Builder prepare(OpenSsl ssl, TestKeyType type, Path key, Path cert) {
            return FileSigner.builder().certificateFile(cert)
                    .privateKeyFile(encryptPkcs8(ssl, key, "-scrypt"))
                    .password(PASSWORD.toCharArray());
        }
    },
    LEGACY_ENCRYPTED_PEM {
        // "Proc-Type: 4,ENCRYPTED" headers, still written by older tooling
        @Override
        FileSigner.Builder prepare(OpenSsl ssl, TestKeyType type, Path key, Path cert) {
            Path encrypted = ssl.file("legacy-encrypted.pem");
            ssl.openssl("pkey", "-in", key.toString(), "-traditional", "-aes256", "-passout", "pass:" + PASSWORD,
                    "-out", encrypted.toString());
            return FileSigner.builder().certificateFile(cert).privateKeyFile(encrypted)
                    .password(PASSWORD.toCharArray());
        }
    },
    DER_CERTIFICATE_AND_DER_KEY {
        @Override
        FileSigner.Builder prepare(OpenSsl ssl, TestKeyType type, Path key, Path cert) {
            Path derCert = ssl.file("cert.der");
            ssl.openssl("x509", "-in", cert.toString(), "-outform", "DER", "-out", derCert.toString());
            Path derKey = ssl.file("key.der");
            ssl.openssl("pkcs8", "-topk8", "-nocrypt", "-in", key.toString(), "-outform", "DER",
                    "-out", derKey.toString());
            return FileSigner.builder().certificateFile(derCert).privateKeyFile(derKey);
        }
    },
    DER_TRADITIONAL_KEY {
        // what 'openssl pkey -outform DER' writes: PKCS#1 for RSA, SEC1 for EC
        @Override
        FileSigner.Builder prepare(OpenSsl ssl, TestKeyType type, Path key, Path cert) {
            Path derKey = ssl.file("key.der");
            ssl.openssl("pkey", "-in", key.toString(), "-outform", "DER", "-out", derKey.toString());
            return FileSigner.builder().certificateFile(cert).privateKeyFile(derKey);
        }
    },
    ENCRYPTED_DER_PKCS8 {
        @Override
        FileSigner.Builder prepare(OpenSsl ssl, TestKeyType type, Path key, Path cert) {
            return FileSigner.builder().certificateFile(cert)
                    .privateKeyFile(encryptPkcs8(ssl, key, "-outform", "DER"))
                    .password(PASSWORD.toCharArray());
        }
    },
    COMBINED_PEM_KEY_FIRST {
        @Override
        FileSigner.Builder prepare(OpenSsl ssl, TestKeyType type, Path key, Path cert) {
            return FileSigner.builder().certificateFile(OpenSsl.concat(ssl.file("combined.pem"), key, cert));
        }
    },
    COMBINED_PEM_CERTIFICATE_FIRST_GIVEN_AS_BOTH {
        @Override
        FileSigner.Builder prepare(OpenSsl ssl, TestKeyType type, Path key, Path cert) {
            Path combined = OpenSsl.concat(ssl.file("combined.pem"), cert, key);
            return FileSigner.builder().certificateFile(combined).privateKeyFile(combined);
        }
    },
    PKCS12_WITH_PASSWORD {
        @Override
        FileSigner.Builder prepare(OpenSsl ssl, TestKeyType type, Path key, Path cert) {
            Path p12 = ssl.file("store.p12");
            ssl.openssl("pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(),
                    "-passout", "pass:" + PASSWORD, "-out", p12.toString());
            return FileSigner.builder().certificateFile(p12).password(PASSWORD.toCharArray());
        }
    },
    PKCS12_LEGACY_RC2_3DES {
        // what OpenSSL 1.x wrote by default, and many CAs still hand out
        @Override
        FileSigner.Builder prepare(OpenSsl ssl, TestKeyType type, Path key, Path cert) {
            Path p12 = ssl.file("legacy.p12");
            ssl.openssl("pkcs12", "-export", "-legacy", "-inkey", key.toString(), "-in", cert.toString(),
                    "-passout", "pass:" + PASSWORD, "-out", p12.toString());
            return FileSigner.builder().certificateFile(p12).password(PASSWORD.toCharArray());
        }
    },
    PKCS12_EMPTY_PASSWORD {
        @Override
        FileSigner.Builder prepare(OpenSsl ssl, TestKeyType type, Path key, Path cert) {
            Path p12 = ssl.file("store.p12");
            ssl.openssl("pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(),
                    "-passout", "pass:", "-out", p12.toString());
            return FileSigner.builder().certificateFile(p12);
        }
    },
    PKCS12_UNENCRYPTED {
        @Override
        FileSigner.Builder prepare(OpenSsl ssl, TestKeyType type, Path key, Path cert) {
            Path p12 = ssl.file("store.p12");
            ssl.openssl("pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(),
                    "-keypbe", "NONE", "-certpbe", "NONE", "-nomac", "-passout", "pass:", "-out", p12.toString());
            return FileSigner.builder().certificateFile(p12);
        }
    };

    static final String PASSWORD = "c0rrect horse: battery staple!";

    boolean appliesTo(TestKeyType type) {
        return true;
    }

    abstract FileSigner.Builder prepare(OpenSsl ssl, TestKeyType type, Path key, Path cert);

    static Path encryptPkcs8(OpenSsl ssl, Path key, String... options) {
        Path encrypted = ssl.file("encrypted.pem");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.Arrays.asList(
                "openssl", "pkcs8", "-topk8", "-in", key.toString(), "-passout", "pass:" + PASSWORD,
                "-out", encrypted.toString()));
        args.addAll(java.util.Arrays.asList(options));
        ssl.run(args);
        return encrypted;
    }
}
