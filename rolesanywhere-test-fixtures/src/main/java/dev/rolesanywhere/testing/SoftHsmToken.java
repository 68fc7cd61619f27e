package dev.rolesanywhere.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.function.Function;

/**
 * One SoftHSM2 token made by {@link SoftHsmFixture}: its label, serial, slot id and PINs, and a builder that puts
 * keys and certificates on it with {@code pkcs11-tool} (a separate process, as an administrator would).
 */
public final class SoftHsmToken {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SoftHsmFixture fixture;
    private final String label;
    private final String serial;
    private final long slotId;
    private final char[] userPin;
    private final char[] soPin;

    SoftHsmToken(SoftHsmFixture fixture, String label, String serial, long slotId, char[] userPin, char[] soPin) {
        this.fixture = fixture;
        this.label = label;
        this.serial = serial;
        this.slotId = slotId;
        this.userPin = userPin.clone();
        this.soPin = soPin.clone();
    }

    public String label() {
        return label;
    }

    public String serial() {
        return serial;
    }

    /** The {@code CK_SLOT_ID} SoftHSM2 derives from the serial; stable across processes. */
    public long slotId() {
        return slotId;
    }

    /** The user PIN, as a fresh array to wipe after use. */
    public char[] userPin() {
        return userPin.clone();
    }

    /** The security officer PIN, as a fresh array to wipe after use. */
    public char[] soPin() {
        return soPin.clone();
    }

    public Path modulePath() {
        return fixture.modulePath();
    }

    public SoftHsmFixture fixture() {
        return fixture;
    }

    /** {@code pkcs11:token=<label>?module-path=<softhsm>}: selects this token and nothing else. */
    public String uri() {
        return uri("");
    }

    /** {@code pkcs11:token=<label>;<pathAttributes>?module-path=<softhsm>}, attributes already encoded. */
    String uri(String pathAttributes) {
        return "pkcs11:token=" + percentEncoded(label) + pathAttributes + "?module-path=" + fixture.modulePath();
    }

    /** Writes the user PIN (and a newline) to a new file readable only by its owner, for {@code pin-source}. */
    public Path writePinFile() {
        try {
            Path file = Files.createTempFile(fixture.workDirectory(), "pin-", ".txt",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            byte[] bytes = (new String(userPin) + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(file, bytes);
            Arrays.fill(bytes, (byte) 0);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a key labelled {@code keyLabel}: by default EC P-256, generated in this JVM and imported, with a public
     * key object and a certificate from {@link TestPki#shared()}.
     */
    public KeyBuilder key(String keyLabel) {
        return new KeyBuilder(keyLabel);
    }

    /** Runs {@code pkcs11-tool} logged in to this token as the user. */
    public String pkcs11ToolLoggedIn(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "--token-label";
        all[1] = label;
        all[2] = "--login";
        all[3] = "--pin";
        all[4] = new String(userPin);
        System.arraycopy(args, 0, all, 5, args.length);
        return fixture.pkcs11Tool(all);
    }

    @Override
    public String toString() {
        return "SoftHsmToken[" + label + ", slot " + Long.toUnsignedString(slotId) + "]";
    }

    /** Chooses how a key lands on the token. */
    public final class KeyBuilder {
        private final String keyLabel;
        private TestKeyType type = TestKeyType.EC_P256;
        private KeyPair keyPair;
        private Function<PublicKey, X509Certificate> issuer;
        private byte[] id;
        private boolean generateOnToken;
        private boolean alwaysAuthenticate;
        private boolean certificate = true;
        private boolean publicKey = true;
        private boolean privateCertificate;
        private String allowedMechanisms;

        private KeyBuilder(String keyLabel) {
            this.keyLabel = keyLabel;
        }

        public KeyBuilder type(TestKeyType type) {
            this.type = type;
            return this;
        }

        /** Imports this key pair (its type must match {@link #type}) instead of a freshly generated one. */
        public KeyBuilder keyPair(KeyPair pair) {
            this.keyPair = pair;
            return this;
        }

        /**
         * Who certifies the key: called with its public key, returns the certificate stored next to it. By default
         * {@link TestPki#shared()}, with the key label as common name.
         */
        public KeyBuilder certifiedBy(Function<PublicKey, X509Certificate> certificateIssuer) {
            this.issuer = certificateIssuer;
            return this;
        }

        /** {@code CKA_ID}; a random 8-byte id by default. */
        public KeyBuilder id(byte[] id) {
            this.id = id.clone();
            return this;
        }

        /** Generate the pair inside the token ({@code C_GenerateKeyPair}) instead of importing one. */
        public KeyBuilder generatedOnToken() {
            this.generateOnToken = true;
            return this;
        }

        /** {@code CKA_ALWAYS_AUTHENTICATE}: every signature needs a context-specific login. */
        public KeyBuilder alwaysAuthenticate() {
            this.alwaysAuthenticate = true;
            return this;
        }

        /**
         * {@code CKA_ALLOWED_MECHANISMS} on the private key, in pkcs11-tool's spelling (e.g. {@code RSA-PKCS} or
         * {@code ECDSA,ECDSA-SHA256}), as HSM key policies set it.
         */
        public KeyBuilder allowedMechanisms(String mechanisms) {
            this.allowedMechanisms = mechanisms;
            return this;
        }

        /** No certificate object for this key. */
        public KeyBuilder withoutCertificate() {
            this.certificate = false;
            return this;
        }

        /** No public key object (imported keys only; a generated pair always has one). */
        public KeyBuilder withoutPublicKey() {
            this.publicKey = false;
            return this;
        }

        /**
         * The certificate object gets {@code CKA_PRIVATE=true} (visible only after login). pkcs11-tool 0.23 ignores
         * {@code --private} for certificates, so this goes through the test build's {@code p11objects} helper.
         */
        public KeyBuilder privateCertificate() {
            this.privateCertificate = true;
            return this;
        }

        public TokenKey create() {
            byte[] keyId = id != null ? id : randomId();
            String hexId = hex(keyId);
            Path scratch = scratchDirectory();
            try {
                KeyPair imported = null;
                PublicKey pub;
                if (generateOnToken) {
                    pkcs11ToolLoggedIn(withPolicy("--keypairgen", "--key-type", type.pkcs11ToolKeyType(),
                            "--id", hexId, "--label", keyLabel, "--usage-sign"));
                    Path pubFile = scratch.resolve("pub.der");
                    fixture.pkcs11Tool("--token-label", label, "--read-object", "--type", "pubkey", "--id", hexId,
                            "-o", pubFile.toString());
                    pub = KeyFactory.getInstance(type.jcaAlgorithm())
                            .generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pubFile)));
                } else {
                    imported = keyPair != null ? keyPair : type.generate();
                    pub = imported.getPublic();
                    Path keyFile = scratch.resolve("key.der");
                    Files.write(keyFile, imported.getPrivate().getEncoded());
                    try {
                        pkcs11ToolLoggedIn(withPolicy("--write-object", keyFile.toString(), "--type",
                                "privkey", "--id", hexId, "--label", keyLabel, "--usage-sign"));
                    } finally {
                        Files.deleteIfExists(keyFile);
                    }
                    if (publicKey) {
                        Path pubFile = scratch.resolve("pub.der");
                        Files.write(pubFile, pub.getEncoded());
                        pkcs11ToolLoggedIn("--write-object", pubFile.toString(), "--type", "pubkey", "--id", hexId,
                                "--label", keyLabel);
                    }
                }
                X509Certificate cert = null;
                if (certificate) {
                    cert = issuer != null ? issuer.apply(pub) : TestPki.shared().issue(pub, keyLabel);
                    Path certFile = scratch.resolve("cert.der");
                    Files.write(certFile, cert.getEncoded());
                    if (privateCertificate) {
                        P11Objects.writePrivateCertificate(SoftHsmToken.this, certFile, keyId, keyLabel);
                    } else {
                        pkcs11ToolLoggedIn("--write-object", certFile.toString(), "--type", "cert", "--id", hexId,
                                "--label", keyLabel);
                    }
                }
                return new TokenKey(SoftHsmToken.this, keyLabel, keyId, type, pub, cert,
                        imported == null ? null : imported.getPrivate(), alwaysAuthenticate, privateCertificate);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("Cannot put key " + keyLabel + " on " + label, e);
            } finally {
                ScratchDirectory.deleteRecursively(scratch);
            }
        }

        /** {@code args} plus the private key's policy flags chosen on this builder. */
        private String[] withPolicy(String... args) {
            java.util.List<String> all = new java.util.ArrayList<>(Arrays.asList(args));
            if (alwaysAuthenticate) {
                all.add("--always-auth");
            }
            if (allowedMechanisms != null) {
                all.add("--allowed-mechanisms");
                all.add(allowedMechanisms);
            }
            return all.toArray(new String[0]);
        }
    }

    private Path scratchDirectory() {
        try {
            return Files.createTempDirectory(fixture.workDirectory(), "key-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 7512 percent-encoding: every byte but the unreserved characters. */
    static String percentEncoded(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
        }
        return sb.toString();
    }

    static String percentEncoded(String text) {
        return percentEncoded(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Lower-case hex, as {@code pkcs11-tool --id} takes it. */
    public static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }

    private static byte[] randomId() {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return id;
    }
}
