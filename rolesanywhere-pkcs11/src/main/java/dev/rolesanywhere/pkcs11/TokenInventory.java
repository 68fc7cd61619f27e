package dev.rolesanywhere.pkcs11;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.internal.ffi.Attribute;
import dev.rolesanywhere.pkcs11.internal.ffi.Cka;
import dev.rolesanywhere.pkcs11.internal.ffi.Cko;
import dev.rolesanywhere.pkcs11.internal.ffi.TokenInfo;
import dev.rolesanywhere.pkcs11.internal.token.CertificateObject;
import dev.rolesanywhere.pkcs11.internal.token.ModuleContext;
import dev.rolesanywhere.pkcs11.internal.token.PrivateKeyObject;
import dev.rolesanywhere.pkcs11.internal.token.Token;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What is on the tokens a {@code pkcs11:} URI selects: the tokens, their X.509 certificates and private keys, each
 * with a URI that names exactly that object, ready for a {@link Pkcs11Signer} or a credential-process configuration.
 *
 * <pre>{@code
 * try (TokenInventory inventory = TokenInventory.builder().uri("pkcs11:?module-path=/usr/lib/softhsm/libsofthsm2.so")
 *         .build()) {
 *     for (TokenInventory.CertificateEntry c : inventory.certificates()) {
 *         System.out.println(c.subject() + "  " + c.uri());
 *     }
 * }
 * }</pre>
 *
 * <p>Certificates are read without login first: a PIN is not spent to look. The user logs in only when a PIN is
 * configured and the URI selects exactly one token (a PIN is never tried on several tokens in turn); then private
 * certificates and private keys become visible too. A failed login is reported, and the same exception is thrown by
 * every later call: the PIN is never presented twice. (A refusal to spend the token's last try is not repeated: no PIN
 * was sent, and once a person has verified the PIN the next call logs in.) Not thread-safe.
 */
public final class TokenInventory implements AutoCloseable {
    private final Pkcs11Uri uri;
    private final PinCallback pin;
    /** The module and the tokens this inventory opened; {@link #close()} closes it, and nothing else. */
    private final ModuleContext context;
    private final List<Token> tokens;
    /** A failed login, repeated to later callers instead of presenting the PIN again. */
    private RuntimeException loginFailure;

    /** The key algorithms a listing distinguishes. */
    public enum KeyAlgorithm {
        RSA, EC, OTHER
    }

    private TokenInventory(BuilderImpl b) {
        this.uri = b.uri != null ? b.uri : Pkcs11Uri.any();
        this.pin = b.userPin();
        // One session each is plenty: a listing never signs.
        this.context = ModuleContext.open(uri, b.modulePath, b.contextSettings().maxSessions(1).build());
        this.tokens = context.tokens();
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    /**
     * The initialised tokens the URI's token and slot attributes select, in slot order. (A module whose library
     * information contradicts the URI's {@code library-*} attributes was refused by {@code build()}.)
     */
    public List<TokenEntry> tokens() {
        List<TokenEntry> out = new ArrayList<>();
        for (Token t : tokens) {
            out.add(new TokenEntry(t, uri));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Whether {@link #certificates()} and {@link #privateKeys()} log in: a PIN is configured and exactly one token
     * is selected.
     */
    public boolean logsIn() {
        return pin != null && tokens.size() == 1;
    }

    /**
     * Every X.509 certificate on the selected tokens that the URI's {@code id} and {@code object} (unless the URI
     * names another {@code type}) match, CA certificates included.
     */
    public List<CertificateEntry> certificates() {
        loginIfPossible();
        List<Attribute> template = CertificateObject.template(uri);
        List<CertificateEntry> out = new ArrayList<>();
        for (Token t : tokens) {
            for (CertificateObject c : CertificateObject.findAll(t, template)) {
                out.add(new CertificateEntry(c, t.objectUri(uri, c.label(), c.id(), Pkcs11Uri.ObjectType.CERT)));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The private keys visible on the selected tokens, matched by the URI's {@code id} and {@code object} (unless
     * it names another {@code type}). Private keys are private objects on nearly every token, so without a login
     * (see {@link #logsIn()}) this is usually empty.
     */
    public List<KeyEntry> privateKeys() {
        loginIfPossible();
        List<Attribute> template = new ArrayList<>();
        template.add(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_PRIVATE_KEY));
        uri.id().ifPresent(id -> template.add(Attribute.of(Cka.CKA_ID, id)));
        boolean labelNamesKey = !uri.type().isPresent() || uri.type().get() == Pkcs11Uri.ObjectType.PRIVATE;
        if (labelNamesKey) {
            uri.object().ifPresent(label -> template.add(Attribute.ofUtf8(Cka.CKA_LABEL, label)));
        }
        List<KeyEntry> out = new ArrayList<>();
        for (Token t : tokens) {
            for (PrivateKeyObject k : PrivateKeyObject.findAll(t, template)) {
                out.add(new KeyEntry(k, t.objectUri(uri, k.label(), k.id(), Pkcs11Uri.ObjectType.PRIVATE)));
            }
        }
        return Collections.unmodifiableList(out);
    }

    private void loginIfPossible() {
        if (!logsIn()) {
            return;
        }
        if (loginFailure != null) {
            throw loginFailure;
        }
        try {
            tokens.get(0).ensureLoggedIn(pin);
        } catch (RuntimeException e) {
            // Not the last-try refusal: no PIN was sent, and once a person has verified the PIN this inventory works.
            if (!(e instanceof PinFinalTryException)) {
                loginFailure = e;
            }
            throw e;
        }
    }

    /**
     * Closes the sessions and releases the module; with exclusive module use, also logs out (if this inventory made
     * the login and nothing else in this library uses it) and finalises the module (if nothing else uses it).
     */
    @Override
    public void close() {
        context.close();
    }

    @Override
    public String toString() {
        return "TokenInventory[" + uri + ", " + tokens.size() + " token(s)]";
    }

    /** One token: who it is, and the state of its user PIN as the token reported it when the inventory opened. */
    public static final class TokenEntry {
        private final String label;
        private final String manufacturer;
        private final String model;
        private final String serial;
        private final long slotId;
        private final String slotDescription;
        private final boolean loginRequired;
        private final boolean protectedAuthenticationPath;
        private final boolean userPinCountLow;
        private final boolean userPinFinalTry;
        private final boolean userPinLocked;
        private final Pkcs11Uri uri;

        TokenEntry(Token token, Pkcs11Uri base) {
            TokenInfo info = token.info();
            this.label = info.label();
            this.manufacturer = info.manufacturerId();
            this.model = info.model();
            this.serial = info.serialNumber();
            this.slotId = token.slotId();
            this.slotDescription = token.slotInfo().description();
            this.loginRequired = info.loginRequired();
            this.protectedAuthenticationPath = info.protectedAuthenticationPath();
            this.userPinCountLow = info.userPinCountLow();
            this.userPinFinalTry = info.userPinFinalTry();
            this.userPinLocked = info.userPinLocked();
            this.uri = token.uriBuilder(base).build();
        }

        public String label() {
            return label;
        }

        public String manufacturer() {
            return manufacturer;
        }

        public String model() {
            return model;
        }

        public String serial() {
            return serial;
        }

        public long slotId() {
            return slotId;
        }

        public String slotDescription() {
            return slotDescription;
        }

        /** {@code CKF_LOGIN_REQUIRED}. */
        public boolean loginRequired() {
            return loginRequired;
        }

        /** {@code CKF_PROTECTED_AUTHENTICATION_PATH}: the PIN is entered on the device (PIN pad). */
        public boolean protectedAuthenticationPath() {
            return protectedAuthenticationPath;
        }

        /** {@code CKF_USER_PIN_COUNT_LOW}: wrong PINs were entered since the last successful login. */
        public boolean userPinCountLow() {
            return userPinCountLow;
        }

        /** {@code CKF_USER_PIN_FINAL_TRY}: one more wrong PIN locks the token. */
        public boolean userPinFinalTry() {
            return userPinFinalTry;
        }

        /** {@code CKF_USER_PIN_LOCKED}. */
        public boolean userPinLocked() {
            return userPinLocked;
        }

        /** Names this token by label, manufacturer, model and serial (plus the inventory URI's module attributes). */
        public Pkcs11Uri uri() {
            return uri;
        }

        @Override
        public String toString() {
            return "TokenEntry[" + uri.toUriString(false) + ", slot " + slotId + "]";
        }
    }

    /** One X.509 certificate object. */
    public static final class CertificateEntry {
        private final String label;
        private final byte[] id;
        private final X509Certificate certificate;
        private final Pkcs11Uri uri;

        CertificateEntry(CertificateObject object, Pkcs11Uri uri) {
            this.label = object.label();
            this.id = object.id();
            this.certificate = object.certificate();
            this.uri = uri;
        }

        /** {@code CKA_LABEL}, if the object has one. */
        public Optional<String> label() {
            return Optional.ofNullable(label);
        }

        /** {@code CKA_ID}, if the object has one. A copy. */
        public Optional<byte[]> id() {
            return id == null || id.length == 0 ? Optional.<byte[]>empty() : Optional.of(id.clone());
        }

        /** The subject in RFC 2253 form. */
        public String subject() {
            return certificate.getSubjectX500Principal().getName();
        }

        /** The issuer in RFC 2253 form. */
        public String issuer() {
            return certificate.getIssuerX500Principal().getName();
        }

        public BigInteger serialNumber() {
            return certificate.getSerialNumber();
        }

        public Instant notAfter() {
            return certificate.getNotAfter().toInstant();
        }

        /** True for a CA certificate (basic constraints {@code cA}). */
        public boolean isAuthority() {
            return certificate.getBasicConstraints() >= 0;
        }

        public X509Certificate certificate() {
            return certificate;
        }

        /** Names this certificate by token, label, id and {@code type=cert}; never carries a {@code pin-value}. */
        public Pkcs11Uri uri() {
            return uri;
        }

        @Override
        public String toString() {
            return "CertificateEntry[" + subject() + ", serial " + serialNumber() + ", " + uri.toUriString(false)
                    + "]";
        }
    }

    /** One private key object: where it is and how it is used; never any key material. */
    public static final class KeyEntry {
        private final String label;
        private final byte[] id;
        private final KeyAlgorithm algorithm;
        private final boolean alwaysAuthenticate;
        private final Pkcs11Uri uri;

        KeyEntry(PrivateKeyObject object, Pkcs11Uri uri) {
            this.label = object.label();
            this.id = object.id();
            this.algorithm = object.isRsa() ? KeyAlgorithm.RSA : object.isEc() ? KeyAlgorithm.EC : KeyAlgorithm.OTHER;
            this.alwaysAuthenticate = object.alwaysAuthenticate();
            this.uri = uri;
        }

        /** {@code CKA_LABEL}, if the key has one. */
        public Optional<String> label() {
            return Optional.ofNullable(label);
        }

        /** {@code CKA_ID}, if the key has one. A copy. */
        public Optional<byte[]> id() {
            return id == null || id.length == 0 ? Optional.<byte[]>empty() : Optional.of(id.clone());
        }

        public KeyAlgorithm algorithm() {
            return algorithm;
        }

        /** {@code CKA_ALWAYS_AUTHENTICATE}: the token wants the PIN again before every signature. */
        public boolean alwaysAuthenticate() {
            return alwaysAuthenticate;
        }

        /** Names this key by token, label, id and {@code type=private}; never carries a {@code pin-value}. */
        public Pkcs11Uri uri() {
            return uri;
        }

        @Override
        public String toString() {
            return "KeyEntry[" + algorithm + ", " + uri.toUriString(false) + "]";
        }
    }

    /** Configures a {@link TokenInventory}. */
    public interface Builder extends TokenOptions<Builder> {
        /** Loads the module and selects the tokens; no login yet. */
        TokenInventory build();
    }

    static final class BuilderImpl extends TokenBuilderBase<Builder> implements Builder {
        @Override
        public TokenInventory build() {
            return new TokenInventory(this);
        }
    }
}
