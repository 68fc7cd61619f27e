package dev.rolesanywhere.core.keys.internal;

import static dev.rolesanywhere.core.internal.PinRedaction.redact;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.PasswordRequiredException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Certificate and key files read by the JDK alone, for class paths without Bouncy Castle (FIPS builds with bc-fips):
 * PEM CERTIFICATE, PRIVATE KEY (PKCS#8) and ENCRYPTED PRIVATE KEY (PBES2) blocks, DER certificates and PKCS#8 keys,
 * and PKCS#12 files. Other formats (PKCS#1 and SEC1 PEM, legacy OpenSSL encryption) are refused naming the dependency
 * that reads them. RSA and EC keys only: ML-DSA keys need Bouncy Castle on the JDKs this library supports.
 */
final class JdkKeyFiles {
    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final Pattern HEADER = Pattern.compile("^[A-Za-z-]+:.*$", Pattern.MULTILINE);

    private JdkKeyFiles() {
    }

    /**
     * Whether the content is PEM with nothing but well-formed CERTIFICATE and unencrypted PRIVATE KEY blocks, which
     * the JDK reads exactly as Bouncy Castle's parser does.
     */
    static boolean isPlainPem(byte[] content) {
        String text = new String(content, StandardCharsets.US_ASCII);
        Matcher block = PEM_BLOCK.matcher(text);
        int blocks = 0;
        while (block.find()) {
            String type = block.group(1);
            if ((!type.equals("CERTIFICATE") && !type.equals("PRIVATE KEY")) || HEADER.matcher(block.group(2)).find()) {
                return false;
            }
            blocks++;
        }
        return blocks > 0 && blocks == occurrences(text, "-----BEGIN ") && blocks == occurrences(text, "-----END ");
    }

    private static int occurrences(String text, String marker) {
        int count = 0;
        for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length())) {
            count++;
        }
        return count;
    }

    static ParsedKeyFile parse(byte[] content, Path file, char[] password) {
        if (content.length == 0) {
            throw new KeySourceException("The file " + redact(file) + " is empty: it should hold a PEM, DER or PKCS#12 "
                    + "certificate or key; check that it was written completely");
        }
        String text = new String(content, StandardCharsets.US_ASCII);
        return text.contains("-----BEGIN ") ? parsePem(text, file, password) : parseDer(content, file, password);
    }

    private static ParsedKeyFile parsePem(String text, Path file, char[] password) {
        List<X509Certificate> certificates = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        Matcher block = PEM_BLOCK.matcher(text);
        while (block.find()) {
            String type = block.group(1);
            String body = block.group(2);
            switch (type) {
                case "CERTIFICATE":
                    certificates.add(certificate(decode(body, file), file));
                    break;
                case "PRIVATE KEY":
                    keys.add(pkcs8(decode(body, file), file));
                    break;
                case "ENCRYPTED PRIVATE KEY":
                    keys.add(encryptedPkcs8(decode(body, file), file, password));
                    break;
                case "RSA PRIVATE KEY":
                case "EC PRIVATE KEY":
                    throw needsBouncyCastle(file, "a PEM '" + type + "' block" + (HEADER.matcher(body).find()
                            ? " with legacy OpenSSL encryption" : ""), "openssl pkcs8 -topk8 -in " + redact(file.getFileName())
                            + " -out key.pem (add -nocrypt for an unencrypted key)");
                default:
                    // PUBLIC KEY, EC PARAMETERS, CSRs, CRLs: nothing a signer needs.
                    break;
            }
        }
        if (keys.size() > 1) {
            throw new KeySourceException("The file " + redact(file) + " holds " + keys.size() + " private keys, so it is "
                    + "unclear which one to use: keep only the key of the certificate in it");
        }
        if (certificates.isEmpty() && keys.isEmpty()) {
            throw KeyFiles.notUnderstood(file, "it holds no CERTIFICATE or PRIVATE KEY block", null);
        }
        return new ParsedKeyFile(certificates, keys.isEmpty() ? null : keys.get(0));
    }

    private static ParsedKeyFile parseDer(byte[] content, Path file, char[] password) {
        try {
            return new ParsedKeyFile(List.of(certificate(content, file)), null);
        } catch (KeySourceException notACertificate) {
            // Not a certificate: a PKCS#8 key or a PKCS#12 file.
        }
        try {
            return new ParsedKeyFile(List.of(), pkcs8(content, file));
        } catch (KeySourceException notAKey) {
            // Not a plain PKCS#8 key either.
        }
        return Pkcs12Reader.read(content, file, password);
    }

    private static byte[] decode(String base64, Path file) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw KeyFiles.notUnderstood(file, "its PEM content is malformed (" + e.getMessage() + ")", e);
        }
    }

    private static X509Certificate certificate(byte[] der, Path file) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw KeyFiles.notUnderstood(file, "a certificate in it cannot be decoded (" + e.getMessage() + ")", e);
        }
    }

    private static PrivateKey pkcs8(byte[] der, Path file) {
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new KeySourceException("The private key in " + redact(file) + " is neither an RSA nor an EC PKCS#8 key the JDK "
                + "can read (" + last.getMessage() + "); other key types (ML-DSA) need Bouncy Castle ("
                + BouncyCastlePresence.ARTIFACTS + ") on the class path", last);
    }

    private static PrivateKey encryptedPkcs8(byte[] der, Path file, char[] password) {
        if (password == null) {
            throw new PasswordRequiredException("The private key in " + redact(file) + " is encrypted, but no password "
                    + "was given: " + KeyFileParser.HOW_TO_GIVE_A_PASSWORD, null);
        }
        byte[] plain = null;
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            AlgorithmParameters parameters = info.getAlgParameters();
            // For PBES2 the parameters name the whole scheme (PBEWithHmacSHA256AndAES_256), as the JDK's PBE
            // ciphers and key factories expect.
            String scheme = parameters == null ? info.getAlgName() : parameters.toString();
            Cipher cipher = Cipher.getInstance(scheme);
            PBEKeySpec keySpec = new PBEKeySpec(password);
            try {
                cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(scheme).generateSecret(keySpec),
                        parameters);
            } finally {
                keySpec.clearPassword();
            }
            PKCS8EncodedKeySpec decrypted = info.getKeySpec(cipher);
            plain = decrypted.getEncoded();
            return pkcs8(plain, file);
        } catch (java.security.spec.InvalidKeySpecException e) {
            // getKeySpec reports a failed decryption (a wrong password, almost always) this way.
            throw new KeySourceException("The private key in " + redact(file) + " cannot be decrypted: the password is wrong",
                    e);
        } catch (GeneralSecurityException | IOException e) {
            throw needsBouncyCastle(file, "an encrypted PKCS#8 key whose scheme the JDK does not read ("
                    + e.getMessage() + ")", "openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -in "
                    + file.getFileName() + " -out key.pem");
        } finally {
            if (plain != null) {
                java.util.Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static KeySourceException needsBouncyCastle(Path file, String what, String conversion) {
        return new KeySourceException("The file " + redact(file) + " holds " + what + ", which needs Bouncy Castle ("
                + BouncyCastlePresence.ARTIFACTS + ") to read, and it is not on the class path: add it, or convert "
                + "the key to PKCS#8, which the JDK reads alone (" + conversion + ")");
    }
}
