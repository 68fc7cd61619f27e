package dev.rolesanywhere.core.keys.internal;

import static dev.rolesanywhere.core.internal.PinRedaction.redact;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.PasswordRequiredException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Turns the bytes of one file into certificates and a private key. Understands PEM (certificates, PKCS#8, encrypted
 * PKCS#8, PKCS#1 RSA, SEC1 EC with or without an EC PARAMETERS block, legacy OpenSSL-encrypted keys, several blocks in
 * one file), DER certificates, DER keys (PKCS#8 plain or encrypted, PKCS#1, SEC1) and PKCS#12. The parsing itself is Bouncy Castle's.
 */
public final class KeyFileParser {

    /** Every way a password reaches a key, named in the messages of whichever surface the user came through. */
    public static final String HOW_TO_GIVE_A_PASSWORD = "give it with --pkcs8-password-file FILE, the variable "
            + "ROLESANYWHERE_PKCS8_PASSWORD or at the terminal prompt (command line), --pkcs8-password (a "
            + "credential_process line) or pkcs8Password (provider builder), or store the key unencrypted with "
            + "restrictive file permissions";
    private static final byte[] PEM_MARKER = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TSS2_MARKER = "-----BEGIN TSS2 PRIVATE KEY-----".getBytes(StandardCharsets.US_ASCII);
    // Bouncy Castle's own ceiling; above it decryption fails in a way that reads like a wrong password.
    private static final BigInteger MAX_PBKDF2_ITERATIONS = BigInteger.valueOf(10_000_000);
    // OpenSSL writes N=16384, r=8, p=1 (16 MiB) and refuses more than 32 MiB itself unless told otherwise.
    private static final BigInteger MAX_SCRYPT_MEMORY = BigInteger.valueOf(64L << 20);
    private static final BigInteger MAX_SCRYPT_PARALLELISM = BigInteger.valueOf(16);

    private KeyFileParser() {
    }

    /**
     * @param content the whole file
     * @param file the file's path, named in error messages
     * @param password the password for an encrypted key or PKCS#12 file, or {@code null}; not kept, not wiped
     * @throws KeySourceException when the content is not understood or cannot be decrypted
     */
    public static ParsedKeyFile parse(byte[] content, Path file, char[] password) {
        if (content.length == 0) {
            throw new KeySourceException("The file " + redact(file) + " is empty: it should hold a PEM, DER or PKCS#12 "
                    + "certificate or key; check that it was written completely");
        }
        if (indexOf(content, TSS2_MARKER) >= 0) {
            throw new KeySourceException("The file " + redact(file) + " is a TPM 2.0 key file (TSS2 PRIVATE KEY): its key "
                    + "can only be used inside the TPM that made it, which this library reaches through PKCS#11. Load "
                    + "the key into tpm2-pkcs11 (tpm2_ptool) and give its pkcs11: URI instead of the file");
        }
        try {
            if (indexOf(content, PEM_MARKER) >= 0) {
                return parsePem(content, file, password);
            }
            return parseDer(content, file, password);
        } catch (KeySourceException e) {
            throw e;
        } catch (RuntimeException e) {
            // Bouncy Castle reports damaged ASN.1 and Base64 with unchecked exceptions of several types.
            throw notUnderstood(file, "its content is damaged (" + e.getMessage() + ")", e);
        }
    }

    private static ParsedKeyFile parsePem(byte[] content, Path file, char[] password) {
        List<X509Certificate> certificates = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        boolean publicKeyOnly = false;
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof X509CertificateHolder) {
                    certificates.add(toCertificate(((X509CertificateHolder) object).getEncoded(), file));
                } else if (object instanceof PrivateKeyInfo) {
                    keys.add(toPrivateKey((PrivateKeyInfo) object, file));
                } else if (object instanceof PEMKeyPair) {
                    keys.add(toPrivateKey(((PEMKeyPair) object).getPrivateKeyInfo(), file));
                } else if (object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    keys.add(decrypt((PKCS8EncryptedPrivateKeyInfo) object, file, password));
                } else if (object instanceof PEMEncryptedKeyPair) {
                    keys.add(decrypt((PEMEncryptedKeyPair) object, file, password));
                } else if (object instanceof SubjectPublicKeyInfo) {
                    publicKeyOnly = true;
                }
                // Anything else (EC PARAMETERS, CSRs, CRLs) carries nothing a signer needs.
            }
        } catch (PEMException e) {
            throw notUnderstood(file, "its PEM content cannot be decoded (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw notUnderstood(file, "its PEM content is malformed or truncated (" + e.getMessage() + ")", e);
        }
        if (keys.size() > 1) {
            throw new KeySourceException("The file " + redact(file) + " holds " + keys.size() + " private keys, so it "
                    + "is unclear which one to use: keep only the key of the certificate in it");
        }
        if (certificates.isEmpty() && keys.isEmpty()) {
            throw notUnderstood(file, publicKeyOnly
                    ? "it holds a PUBLIC KEY, which cannot sign; point it at the private key or the certificate"
                    : "it holds no CERTIFICATE or PRIVATE KEY block", null);
        }
        return new ParsedKeyFile(certificates, keys.isEmpty() ? null : keys.get(0));
    }

    private static ParsedKeyFile parseDer(byte[] content, Path file, char[] password) {
        ASN1Primitive primitive;
        try {
            primitive = ASN1Primitive.fromByteArray(content);
        } catch (IOException | RuntimeException e) {
            throw notUnderstood(file, "it is neither PEM nor DER", e);
        }
        if (!(primitive instanceof ASN1Sequence) || ((ASN1Sequence) primitive).size() < 2) {
            throw notUnderstood(file, "it is neither PEM nor a DER certificate, key or PKCS#12 file", null);
        }
        ASN1Sequence sequence = (ASN1Sequence) primitive;
        ASN1Encodable first = sequence.getObjectAt(0);
        ASN1Encodable second = sequence.getObjectAt(1);
        // PFX starts with version 3 then a ContentInfo; PKCS#8 with version 0 or 1 then an AlgorithmIdentifier;
        // a certificate with its TBSCertificate; an EncryptedPrivateKeyInfo with an AlgorithmIdentifier, then bytes.
        if (first instanceof ASN1Integer && second instanceof ASN1Sequence) {
            int version = ((ASN1Integer) first).intValueExact();
            if (version == 3) {
                return Pkcs12Reader.read(content, file, password);
            }
            return keyOnly(toPrivateKey(PrivateKeyInfo.getInstance(sequence), file));
        }
        // OpenSSL's "-outform DER" writes the traditional forms: SEC1 (version 1, key octets) and PKCS#1 (nine integers).
        if (first instanceof ASN1Integer && second instanceof ASN1OctetString
                && ((ASN1Integer) first).hasValue(1)) {
            ECPrivateKey ec = ECPrivateKey.getInstance(sequence);
            if (ec.getParametersObject() == null) {
                throw notUnderstood(file, "its DER EC key names no curve; convert it with "
                        + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem'", null);
            }
            AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                    ec.getParametersObject());
            return keyOnly(toPrivateKey(wrap(algorithm, ec, file), file));
        }
        if (first instanceof ASN1Integer && second instanceof ASN1Integer && sequence.size() >= 9) {
            AlgorithmIdentifier algorithm = new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                    DERNull.INSTANCE);
            return keyOnly(toPrivateKey(wrap(algorithm, RSAPrivateKey.getInstance(sequence), file), file));
        }
        if (first instanceof ASN1Sequence && second instanceof ASN1OctetString && sequence.size() == 2) {
            PKCS8EncryptedPrivateKeyInfo encrypted =
                    new PKCS8EncryptedPrivateKeyInfo(EncryptedPrivateKeyInfo.getInstance(sequence));
            return keyOnly(decrypt(encrypted, file, password));
        }
        if (first instanceof ASN1Sequence && sequence.size() == 3) {
            List<X509Certificate> certificates = new ArrayList<>();
            certificates.add(toCertificate(content, file));
            return new ParsedKeyFile(certificates, null);
        }
        throw notUnderstood(file, "its DER structure is not a certificate, private key or PKCS#12 file", null);
    }

    private static PrivateKeyInfo wrap(AlgorithmIdentifier algorithm, ASN1Encodable key, Path file) {
        try {
            return new PrivateKeyInfo(algorithm, key);
        } catch (IOException e) {
            throw notUnderstood(file, "its DER private key cannot be re-encoded (" + e.getMessage() + ")", e);
        }
    }

    private static ParsedKeyFile keyOnly(PrivateKey key) {
        return new ParsedKeyFile(new ArrayList<>(), key);
    }

    static X509Certificate toCertificate(byte[] encoded, Path file) {
        try {
            Certificate certificate = CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(encoded));
            return (X509Certificate) certificate;
        } catch (CertificateException | RuntimeException e) {
            throw notUnderstood(file, "a certificate in it cannot be decoded (" + e.getMessage() + ")", e);
        }
    }

    // RSA and EC keys go through the JVM's own key factories, so FIPS-configured JVMs keep their providers; anything
    // else (ML-DSA, or a curve the JDK dropped) through Bouncy Castle.
    private static PrivateKey toPrivateKey(PrivateKeyInfo info, Path file) {
        Object type = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(type) || X9ObjectIdentifiers.id_ecPublicKey.equals(type)) {
            try {
                return new JcaPEMKeyConverter().getPrivateKey(info);
            } catch (PEMException | RuntimeException e) {
                // fall through to Bouncy Castle
            }
        }
        try {
            return new JcaPEMKeyConverter().setProvider(BouncyCastle.provider()).getPrivateKey(info);
        } catch (PEMException | RuntimeException e) {
            throw new KeySourceException("The private key in " + redact(file) + " (algorithm "
                    + info.getPrivateKeyAlgorithm().getAlgorithm().getId() + ") cannot be decoded: "
                    + e.getMessage() + ". Use an RSA, EC (P-256, P-384, P-521) or ML-DSA key", e);
        }
    }

    private static PrivateKey decrypt(PKCS8EncryptedPrivateKeyInfo encrypted, Path file, char[] password) {
        requirePassword(file, password);
        checkKeyDerivationCost(encrypted.getEncryptionAlgorithm(), file);
        InputDecryptorProvider decryptor;
        try {
            decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BouncyCastle.provider())
                    .build(password);
        } catch (OperatorCreationException e) {
            throw new KeySourceException("The encrypted private key in " + redact(file) + " uses an encryption scheme "
                    + "this library cannot open (" + e.getMessage() + "): re-encrypt it with "
                    + "'openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256'", e);
        }
        PrivateKeyInfo info;
        try {
            info = encrypted.decryptPrivateKeyInfo(decryptor);
        } catch (PKCSException | RuntimeException e) {
            if (isUnsupportedScheme(e)) {
                throw new KeySourceException("The encrypted private key in " + redact(file) + " uses an encryption "
                        + "scheme this library cannot open (" + e.getMessage() + "): re-encrypt it with "
                        + "'openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256'", e);
            }
            // A wrong password shows up as bad padding or, rarely, as padding that passes over garbage.
            throw wrongPassword(file, e);
        }
        return toPrivateKey(info, file);
    }

    private static PrivateKey decrypt(PEMEncryptedKeyPair encrypted, Path file, char[] password) {
        requirePassword(file, password);
        PEMKeyPair pair;
        try {
            pair = encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(BouncyCastle.provider())
                    .build(password));
        } catch (IOException | RuntimeException e) {
            throw wrongPassword(file, e);
        }
        return toPrivateKey(pair.getPrivateKeyInfo(), file);
    }

    /**
     * Refuses key derivation costs no real file has before Bouncy Castle spends them: a damaged or hostile file could
     * otherwise hold this thread for hours or exhaust the heap before the password is even tried.
     */
    private static void checkKeyDerivationCost(AlgorithmIdentifier scheme, Path file) {
        if (!PKCSObjectIdentifiers.id_PBES2.equals(scheme.getAlgorithm())) {
            return;
        }
        KeyDerivationFunc kdf = PBES2Parameters.getInstance(scheme.getParameters()).getKeyDerivationFunc();
        if (MiscObjectIdentifiers.id_scrypt.equals(kdf.getAlgorithm())) {
            checkScryptCost(ScryptParams.getInstance(kdf.getParameters()), file);
            return;
        }
        if (!PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())) {
            return;
        }
        BigInteger iterations = PBKDF2Params.getInstance(kdf.getParameters()).getIterationCount();
        if (iterations.compareTo(MAX_PBKDF2_ITERATIONS) > 0) {
            throw notUnderstood(file, "its encrypted key asks for " + iterations + " PBKDF2 iterations (the "
                    + "iteration count is damaged, or above the accepted " + MAX_PBKDF2_ITERATIONS + "); re-encrypt "
                    + "it with 'openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256'", null);
        }
    }

    private static void checkScryptCost(ScryptParams params, Path file) {
        BigInteger n = params.getCostParameter();
        BigInteger r = params.getBlockSize();
        BigInteger p = params.getParallelizationParameter();
        // scrypt holds 128 * N * r bytes at once and passes over them p times.
        BigInteger memory = BigInteger.valueOf(128).multiply(n).multiply(r);
        if (memory.compareTo(MAX_SCRYPT_MEMORY) > 0 || p.compareTo(MAX_SCRYPT_PARALLELISM) > 0) {
            throw notUnderstood(file, "its encrypted key asks scrypt for N=" + n + ", r=" + r + ", p=" + p + " (the "
                    + "parameters are damaged, or above the accepted 128*N*r of " + MAX_SCRYPT_MEMORY.shiftRight(20)
                    + " MiB and p of " + MAX_SCRYPT_PARALLELISM + "); re-encrypt it with "
                    + "'openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256'", null);
        }
    }

    private static boolean isUnsupportedScheme(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.NoSuchAlgorithmException) {
                return true;
            }
        }
        return false;
    }

    static void requirePassword(Path file, char[] password) {
        if (password == null) {
            throw new PasswordRequiredException("The private key in " + redact(file) + " is encrypted, but no password was "
                    + "given: " + HOW_TO_GIVE_A_PASSWORD, null);
        }
    }

    static KeySourceException wrongPassword(Path file, Exception cause) {
        // The cause's message is left out: it never holds the password, but it adds nothing a person can act on.
        return new KeySourceException("The password for encrypted key " + redact(file) + " is wrong: decryption "
                + "failed. Check the password (and that the file is not corrupted)", cause);
    }

    static KeySourceException notUnderstood(Path file, String why, Throwable cause) {
        return KeyFiles.notUnderstood(file, why, cause);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
