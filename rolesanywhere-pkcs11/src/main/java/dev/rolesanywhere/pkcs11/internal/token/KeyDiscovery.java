package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.SigningException;
import dev.rolesanywhere.pkcs11.Pkcs11Exception;
import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import dev.rolesanywhere.pkcs11.internal.ffi.Attribute;
import dev.rolesanywhere.pkcs11.internal.ffi.AttributeValue;
import dev.rolesanywhere.pkcs11.internal.ffi.Cka;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckk;
import dev.rolesanywhere.pkcs11.internal.ffi.Cko;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the certificate and private key a {@code pkcs11:} URI names, once, when a signer is built.
 *
 * <p>Certificate first, without login (certificates are usually public objects, and a PIN is not spent on a token
 * that turns out to be the wrong one); then the private key on the certificate's token, confirmed against the
 * certificate's public key so that a label or id shared by accident cannot pair the wrong key. Every ambiguity is an
 * error listing each candidate's URI: guessing would sign with a key the operator did not choose.
 */
public final class KeyDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(KeyDiscovery.class);

    private final ModuleContext context;
    private final Pkcs11Uri uri;
    private final PinCallback pin;

    /** Discovery among {@code context}'s tokens, for the object its URI names. */
    public KeyDiscovery(ModuleContext context, PinCallback pin) {
        this.context = context;
        this.uri = context.uri();
        this.pin = pin;
    }

    /** The result of discovery: the bound key and every other certificate on its token (for chain building). */
    public static final class Found {
        private final BoundKey key;
        private final List<X509Certificate> otherCertificates;

        Found(BoundKey key, List<X509Certificate> otherCertificates) {
            this.key = key;
            this.otherCertificates = otherCertificates;
        }

        public BoundKey key() {
            return key;
        }

        public List<X509Certificate> otherCertificates() {
            return otherCertificates;
        }
    }

    /**
     * Runs discovery. On success the context keeps only the key's token open (sessions, maybe logged in); on failure
     * the caller closes the context.
     *
     * @throws KeySourceException when nothing or more than one thing matches; the message lists candidates
     */
    public Found discover() {
        Located located = findCertificate(context.tokens());
        Found found = bind(located.token, located.certificate);
        context.retainOnly(located.token);
        return found;
    }

    /**
     * Discovery for a certificate the caller already has (from a file): only the private key is looked for, on the
     * one token the URI selects.
     *
     * @throws KeySourceException when the URI selects several tokens (a PIN is never tried on several in turn)
     */
    public Found discoverFor(X509Certificate certificate) {
        List<Token> tokens = context.tokens();
        if (tokens.size() > 1) {
            throw new KeySourceException("Several tokens match " + uri + "; the key for the certificate '"
                    + certificate.getSubjectX500Principal().getName() + "' is looked for on one token only. Name "
                    + "the token in the pkcs11: URI:" + context.tokenList());
        }
        return bind(tokens.get(0), new CertificateObject(null, null, certificate));
    }

    private Found bind(Token token, CertificateObject cert) {
        BoundKey key = findKey(token, cert);
        List<X509Certificate> others = new ArrayList<>();
        for (CertificateObject c : CertificateObject.findAll(token, CertificateObject.template(Pkcs11Uri.any()))) {
            if (!c.certificate().equals(cert.certificate())) {
                others.add(c.certificate());
            }
        }
        return new Found(key, others);
    }

    /**
     * Finds the private key for {@code cert} on {@code token} again, e.g. after the token was re-inserted and its
     * handles changed. Logs in first when the token requires it or a PIN is configured.
     */
    public BoundKey findKey(Token token, CertificateObject cert) {
        // Private keys are private objects on nearly every token, whatever CKF_LOGIN_REQUIRED says.
        if (token.loginRequired() || pin != null) {
            token.ensureLoggedIn(pin);
        }
        PublicKey certKey = cert.certificate().getPublicKey();
        SigningAlgorithm algorithm;
        try {
            algorithm = SigningAlgorithm.forKey(certKey);
        } catch (IllegalArgumentException e) {
            throw new KeySourceException("The certificate " + subject(cert) + " on " + token.displayName()
                    + " has a key IAM Roles Anywhere does not accept: " + e.getMessage(), e);
        }
        if (algorithm == SigningAlgorithm.ML_DSA) {
            throw new KeySourceException("The certificate " + subject(cert) + " on " + token.displayName()
                    + " has an ML-DSA key; signing with ML-DSA through PKCS#11 is not supported yet. Use an RSA or "
                    + "EC key on the token");
        }
        long mechanism = token.signingMechanism(algorithm);
        for (List<Attribute> template : keyTemplates(cert)) {
            List<PrivateKeyObject> matches = new ArrayList<>();
            List<PrivateKeyObject> keys = PrivateKeyObject.findAll(token, template);
            for (PrivateKeyObject key : keys) {
                if (matchesCertificate(token, cert, key, algorithm, mechanism)) {
                    matches.add(key);
                }
            }
            if (matches.size() == 1) {
                return new BoundKey(token, cert, matches.get(0), algorithm, mechanism);
            }
            if (matches.size() > 1) {
                throw new KeySourceException("Several private keys on " + token.displayName()
                        + " match the certificate " + subject(cert) + ". Name one in the pkcs11: URI:"
                        + keyList(token, matches));
            }
            if (!keys.isEmpty()) {
                LOG.debug("{} private key(s) matched the search on {} but none belongs to the certificate {}",
                        keys.size(), token.displayName(), subject(cert));
            }
        }
        throw new KeySourceException("No private key on " + token.displayName() + " belongs to the certificate "
                + subject(cert) + (token.loginRequired() || pin != null ? "" : " (no PIN is configured, so "
                + "private keys were not visible)") + ". Import or generate the key on this token, or point the "
                + "URI at the token that holds it");
    }

    /**
     * After a session or device failure: the same token (matched by label, manufacturer, model and serial, since
     * the slot id may change on re-insertion) with fresh sessions and login, and the key for the same certificate
     * found again, as its handle may have changed. The old token object is abandoned, not logged out.
     *
     * @throws SigningException when the token is not present any more
     */
    public BoundKey rebind(BoundKey failed) {
        Token old = failed.token();
        old.sessions().invalidateAll();
        Token replacement = context.reopen(old).orElseThrow(() -> new SigningException(old.displayName()
                + " is no longer present in " + old.cryptoki().modulePath() + ". Reconnect the token; the next "
                + "signature looks for it again"));
        try {
            BoundKey key = findKey(replacement, failed.certificate());
            context.abandon(old);
            return key;
        } catch (RuntimeException | Error e) {
            context.abandon(replacement);
            throw e;
        }
    }

    /** A certificate and the token it was found on. */
    private static final class Located {
        final Token token;
        final CertificateObject certificate;

        Located(Token token, CertificateObject certificate) {
            this.token = token;
            this.certificate = certificate;
        }
    }

    private Located findCertificate(List<Token> tokens) {
        List<CertificateObject> found = new ArrayList<>();
        List<Token> owners = new ArrayList<>();
        for (Token token : tokens) {
            for (CertificateObject c : CertificateObject.findAll(token, CertificateObject.template(uri))) {
                found.add(c);
                owners.add(token);
            }
        }
        if (found.isEmpty() && tokens.size() == 1 && pin != null) {
            // The certificate may be a private object, visible only after login. Only with a single candidate
            // token: a PIN is never tried on several tokens in turn.
            Token token = tokens.get(0);
            token.ensureLoggedIn(pin);
            for (CertificateObject c : CertificateObject.findAll(token, CertificateObject.template(uri))) {
                found.add(c);
                owners.add(token);
            }
        }
        List<CertificateObject> narrowed = narrow(found);
        if (narrowed.size() == 1) {
            CertificateObject cert = narrowed.get(0);
            return new Located(owners.get(found.indexOf(cert)), cert);
        }
        if (narrowed.isEmpty()) {
            throw new KeySourceException("No X.509 certificate matching " + uri + " was found on "
                    + names(tokens) + (pin == null ? " without login (if the certificate is a private object, "
                    + "configure a PIN)" : "") + ". Import the certificate onto the token with the key's CKA_ID, or "
                    + "correct the object/id in the URI");
        }
        StringBuilder list = new StringBuilder();
        for (CertificateObject c : narrowed) {
            Token owner = owners.get(found.indexOf(c));
            list.append("\n  ").append(objectUri(owner, c.label(), c.id())).append("  (subject ")
                    .append(subject(c)).append(", serial ").append(c.certificate().getSerialNumber()).append(')');
        }
        throw new KeySourceException("Several certificates match " + uri + ". Name one in the pkcs11: URI:" + list);
    }

    /**
     * Removes candidates that cannot be what the user meant: CA certificates when an end-entity certificate is
     * present, and YubiKey PIV attestation certificates when the URI names an object (they share the key slot's id).
     */
    private List<CertificateObject> narrow(List<CertificateObject> found) {
        List<CertificateObject> result = new ArrayList<>(found);
        boolean namesObject = uri.object().isPresent() || uri.id().isPresent();
        if (namesObject && result.size() > 1) {
            List<CertificateObject> withoutAttestation = new ArrayList<>();
            for (CertificateObject c : result) {
                if (!c.isPivAttestation() || uri.object().map(o -> o.equals(c.label())).orElse(false)) {
                    withoutAttestation.add(c);
                }
            }
            result = withoutAttestation;
        }
        if (result.size() > 1) {
            List<CertificateObject> endEntity = new ArrayList<>();
            for (CertificateObject c : result) {
                if (!c.isCa()) {
                    endEntity.add(c);
                }
            }
            if (!endEntity.isEmpty()) {
                result = endEntity;
            }
        }
        return result;
    }

    /** Searches to try in order: the URI's id/label, then the certificate's id, then every private key. */
    private List<List<Attribute>> keyTemplates(CertificateObject cert) {
        List<List<Attribute>> templates = new ArrayList<>();
        if (uri.id().isPresent() || uri.object().isPresent()) {
            List<Attribute> t = keyTemplate();
            uri.id().ifPresent(id -> t.add(Attribute.of(Cka.CKA_ID, id)));
            uri.object().ifPresent(label -> t.add(Attribute.ofUtf8(Cka.CKA_LABEL, label)));
            templates.add(t);
        }
        byte[] certId = cert.id();
        if (certId != null && certId.length > 0) {
            List<Attribute> t = keyTemplate();
            t.add(Attribute.of(Cka.CKA_ID, certId));
            templates.add(t);
        }
        templates.add(keyTemplate());
        return templates;
    }

    private static List<Attribute> keyTemplate() {
        List<Attribute> t = new ArrayList<>();
        t.add(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_PRIVATE_KEY));
        return t;
    }

    private boolean matchesCertificate(Token token, CertificateObject cert, PrivateKeyObject key,
            SigningAlgorithm algorithm, long mechanism) {
        PublicKey certKey = cert.certificate().getPublicKey();
        PublicKeyMatch.Result result;
        if (algorithm == SigningAlgorithm.RSA_SHA256) {
            if (!key.isRsa()) {
                return false;
            }
            result = PublicKeyMatch.rsa(key.modulus(), key.publicExponent(), certKey);
        } else {
            if (!key.isEc()) {
                return false;
            }
            result = PublicKeyMatch.ec(key.ecParams(), key.ecPoint(), certKey);
            if (result == PublicKeyMatch.Result.UNKNOWN) {
                result = ecPointFromPublicKeyObject(token, key, certKey);
            }
        }
        if (result == PublicKeyMatch.Result.UNKNOWN) {
            // Nothing readable to compare: one signature, checked with the certificate's key, settles it. This
            // happens once per key at discovery, never per request.
            return testSignature(new BoundKey(token, cert, key, algorithm, mechanism));
        }
        return result == PublicKeyMatch.Result.MATCH;
    }

    /** Private EC keys rarely carry {@code CKA_EC_POINT}; the public key object with the same id usually does. */
    private PublicKeyMatch.Result ecPointFromPublicKeyObject(Token token, PrivateKeyObject key, PublicKey certKey) {
        byte[] id = key.id();
        if (id == null || id.length == 0) {
            return PublicKeyMatch.Result.UNKNOWN;
        }
        List<Attribute> t = new ArrayList<>();
        t.add(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_PUBLIC_KEY));
        t.add(Attribute.ofUlong(Cka.CKA_KEY_TYPE, Ckk.CKK_EC));
        t.add(Attribute.of(Cka.CKA_ID, id));
        Cryptoki cryptoki = token.cryptoki();
        try (SessionLease session = token.sessions().borrow()) {
            PublicKeyMatch.Result best = PublicKeyMatch.Result.UNKNOWN;
            for (long handle : ObjectSearch.find(cryptoki, session.handle(), t)) {
                List<AttributeValue> v = cryptoki.getAttributeValue(session.handle(), handle, Cka.CKA_EC_PARAMS,
                        Cka.CKA_EC_POINT);
                PublicKeyMatch.Result r = PublicKeyMatch.ec(v.get(0).bytes().orElse(null),
                        v.get(1).bytes().orElse(null), certKey);
                if (r == PublicKeyMatch.Result.MATCH) {
                    return r;
                }
                if (r == PublicKeyMatch.Result.MISMATCH) {
                    best = r;
                }
            }
            return best;
        }
    }

    private boolean testSignature(BoundKey candidate) {
        if (candidate.key().alwaysAuthenticate()) {
            // A test signature would cost a PIN entry per candidate; without a readable public half the pair
            // cannot be confirmed, so such a key must be named by a matching public key object instead.
            LOG.debug("Cannot confirm always-authenticate key {} without a test signature; skipping it",
                    candidate.describe());
            return false;
        }
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        byte[] signature;
        try {
            signature = candidate.sign(challenge, null);
        } catch (Pkcs11Exception e) {
            LOG.debug("Test signature with {} failed: {}", candidate.describe(), e.toString());
            return false;
        }
        return PublicKeyMatch.verifies(candidate.certificate().certificate().getPublicKey(), candidate.algorithm(),
                challenge, signature);
    }

    private String keyList(Token token, List<PrivateKeyObject> keys) {
        StringBuilder sb = new StringBuilder();
        for (PrivateKeyObject k : keys) {
            sb.append("\n  ").append(objectUri(token, k.label(), k.id()));
        }
        return sb.toString();
    }

    private String objectUri(Token token, String label, byte[] id) {
        return token.objectUri(uri, label, id, null).toUriString(false);
    }

    private static String subject(CertificateObject c) {
        return "'" + c.certificate().getSubjectX500Principal().getName() + "'";
    }

    private static String names(List<Token> tokens) {
        List<String> names = new ArrayList<>();
        for (Token t : tokens) {
            names.add(t.displayName());
        }
        return String.join(", ", names);
    }
}
