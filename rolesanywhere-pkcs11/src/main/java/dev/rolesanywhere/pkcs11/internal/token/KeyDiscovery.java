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
import dev.rolesanywhere.pkcs11.internal.ffi.TokenInfo;
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
 * certificate's public key so that a label or id shared by accident cannot pair the wrong key. When several
 * certificates match and the configuration names a key (a {@code type=private} URI, or a separate key URI), the key
 * is found first and the certificate whose public key matches it is chosen. Every remaining ambiguity is an error
 * listing each candidate's URI: guessing would sign with a key the operator did not choose.
 */
public final class KeyDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(KeyDiscovery.class);
    /** Longest chain of token certificates followed; real PKIs have one to three intermediates. */
    private static final int MAX_CHAIN_LINKS = 8;

    private final ModuleContext context;
    private final Pkcs11Uri uri;
    /** The URI naming the private key by id or label, searched exclusively; null when nothing names it. */
    private final Pkcs11Uri keyUri;
    private final PinCallback pin;

    /**
     * Discovery among {@code context}'s tokens, for the object its URI names.
     *
     * @param privateKeyUri a separate URI for the private key (as {@code --private-key} gives one), or null
     */
    public KeyDiscovery(ModuleContext context, Pkcs11Uri privateKeyUri, PinCallback pin) {
        this.context = context;
        this.uri = context.uri();
        Pkcs11Uri keyNaming = privateKeyUri != null ? privateKeyUri
                : uri.type().orElse(null) == Pkcs11Uri.ObjectType.PRIVATE ? uri : null;
        this.keyUri = keyNaming != null && (keyNaming.id().isPresent() || keyNaming.object().isPresent())
                ? keyNaming : null;
        this.pin = pin;
    }

    /**
     * Runs discovery. On success the context keeps only the key's token open (sessions, maybe logged in); on failure
     * the caller closes the context.
     *
     * @throws KeySourceException when nothing or more than one thing matches; the message lists candidates
     */
    public BoundKey discover() {
        List<Token> tokens = context.tokens();
        Candidates found = findCertificates(tokens);
        BoundKey key;
        if (found.certificates.size() == 1) {
            key = findKey(found.owners.get(0), found.certificates.get(0));
        } else if (keyUri != null && found.singleOwner()) {
            key = pairWithNamedKey(found.owners.get(0), found.certificates);
        } else {
            throw severalCertificates(found);
        }
        context.retainOnly(key.token());
        return key;
    }

    /**
     * Discovery for a certificate the caller already has (from a file): only the private key is looked for, on the
     * one token the URI selects.
     *
     * @throws KeySourceException when the URI selects several tokens (a PIN is never tried on several in turn)
     */
    public BoundKey discoverFor(X509Certificate certificate) {
        List<Token> tokens = context.tokens();
        if (tokens.size() > 1) {
            throw new KeySourceException("Several tokens match " + uri + "; the key for the certificate '"
                    + certificate.getSubjectX500Principal().getName() + "' is looked for on one token only. Name "
                    + "the token in the pkcs11: URI:" + context.tokenList());
        }
        return findKey(tokens.get(0), new CertificateObject(null, null, certificate));
    }

    /**
     * {@code intermediates} followed by the CA certificates on {@code key}'s token that issued the previous link,
     * each found by {@code CKA_SUBJECT} equal to that link's issuer: a few searches, however many unrelated
     * certificates the token holds.
     */
    public List<X509Certificate> chain(BoundKey key, List<X509Certificate> intermediates) {
        Token token = key.token();
        return IssuerChain.extend(key.certificate().certificate(), intermediates, MAX_CHAIN_LINKS,
                subject -> certificates(CertificateObject.findAll(token, CertificateObject.withSubject(subject))));
    }

    /**
     * Finds the private key for {@code cert} on {@code token} again, e.g. after the token was re-inserted and its
     * handles changed. Logs in first when the token requires it or a PIN is configured.
     */
    public BoundKey findKey(Token token, CertificateObject cert) {
        logInIfUseful(token);
        SigningAlgorithm algorithm = algorithm(token, cert);
        long[] offered = token.cryptoki().getMechanismList(token.slotId());
        for (List<Attribute> template : keyTemplates(token, cert)) {
            List<PrivateKeyObject> matches = new ArrayList<>();
            List<PrivateKeyObject> keys = PrivateKeyObject.findAll(token, template);
            for (PrivateKeyObject key : keys) {
                if (matchesCertificate(token, cert, key, algorithm, offered)) {
                    matches.add(key);
                }
            }
            if (matches.size() == 1) {
                return bind(token, cert, matches.get(0), algorithm, offered);
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
        if (keyUri != null) {
            throw new KeySourceException("No private key named by " + keyUri + " on " + token.displayName()
                    + " belongs to the certificate " + subject(cert) + ". Correct the key's object/id in the URI, "
                    + "or name the certificate issued for that key");
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

    private void logInIfUseful(Token token) {
        // Private keys are private objects on nearly every token, whatever CKF_LOGIN_REQUIRED says.
        if (token.loginRequired() || pin != null) {
            token.ensureLoggedIn(pin);
        }
    }

    private static SigningAlgorithm algorithm(Token token, CertificateObject cert) {
        SigningAlgorithm algorithm;
        try {
            algorithm = SigningAlgorithm.forKey(cert.certificate().getPublicKey());
        } catch (IllegalArgumentException e) {
            throw new KeySourceException("The certificate " + subject(cert) + " on " + token.displayName()
                    + " has a key IAM Roles Anywhere does not accept: " + e.getMessage(), e);
        }
        if (algorithm == SigningAlgorithm.ML_DSA) {
            throw new KeySourceException("The certificate " + subject(cert) + " on " + token.displayName()
                    + " has an ML-DSA key; signing with ML-DSA through PKCS#11 is not supported yet. Use an RSA or "
                    + "EC key on the token");
        }
        return algorithm;
    }

    private static BoundKey bind(Token token, CertificateObject cert, PrivateKeyObject key, SigningAlgorithm algorithm,
            long[] offered) {
        return new BoundKey(token, cert, key, algorithm, SigningMechanisms.choose(token, algorithm, offered, key));
    }

    /**
     * Several certificates on one token match, and the configuration names the key: the certificate whose public key
     * belongs to that key wins (one token only, as this logs in).
     */
    private BoundKey pairWithNamedKey(Token token, List<CertificateObject> certificates) {
        checkKeyUriSelects(token);
        logInIfUseful(token);
        long[] offered = token.cryptoki().getMechanismList(token.slotId());
        List<PrivateKeyObject> keys = PrivateKeyObject.findAll(token, keyTemplate(keyUri));
        List<CertificateObject> pairedCerts = new ArrayList<>();
        List<PrivateKeyObject> pairedKeys = new ArrayList<>();
        for (CertificateObject cert : certificates) {
            SigningAlgorithm algorithm;
            try {
                algorithm = algorithm(token, cert);
            } catch (KeySourceException e) {
                continue;
            }
            for (PrivateKeyObject key : keys) {
                if (matchesCertificate(token, cert, key, algorithm, offered)) {
                    pairedCerts.add(cert);
                    pairedKeys.add(key);
                }
            }
        }
        if (pairedCerts.size() == 1) {
            CertificateObject cert = pairedCerts.get(0);
            return bind(token, cert, pairedKeys.get(0), algorithm(token, cert), offered);
        }
        if (pairedCerts.isEmpty()) {
            throw new KeySourceException(certificates.size() + " certificates on " + token.displayName() + " match "
                    + uri + ", and none belongs to " + (keys.isEmpty() ? "a private key" : "the private key")
                    + " named by " + keyUri + (keys.isEmpty() ? " (no such key is visible" + (pin == null
                    ? "; no PIN is configured)" : ")") : "") + ". Name the certificate in the URI:"
                    + certificateList(certificates, token));
        }
        throw new KeySourceException("Several certificates on " + token.displayName() + " belong to the private "
                + "key named by " + keyUri + " (an old and a renewed certificate?). Name one in the pkcs11: URI, or "
                + "remove the one no longer used:" + certificateList(pairedCerts, token));
    }

    private void checkKeyUriSelects(Token token) {
        TokenInfo info = token.info();
        if (!keyUri.matchesToken(info.label(), info.manufacturerId(), info.model(), info.serialNumber())) {
            throw new KeySourceException("The private key URI " + keyUri + " names another token than "
                    + token.displayName() + ", where the certificate is. Name the token holding both, or give the "
                    + "certificate as a file");
        }
    }

    /** Certificates that could be meant, with the token each is on; narrowed as {@link #narrow} explains. */
    private static final class Candidates {
        final List<CertificateObject> certificates = new ArrayList<>();
        final List<Token> owners = new ArrayList<>();

        boolean singleOwner() {
            for (Token t : owners) {
                if (t != owners.get(0)) {
                    return false;
                }
            }
            return !owners.isEmpty();
        }
    }

    private Candidates findCertificates(List<Token> tokens) {
        Candidates found = new Candidates();
        for (Token token : tokens) {
            for (CertificateObject c : CertificateObject.findAll(token, CertificateObject.template(uri))) {
                found.certificates.add(c);
                found.owners.add(token);
            }
        }
        if (found.certificates.isEmpty() && tokens.size() == 1 && pin != null) {
            // The certificate may be a private object, visible only after login. Only with a single candidate
            // token: a PIN is never tried on several tokens in turn.
            Token token = tokens.get(0);
            token.ensureLoggedIn(pin);
            for (CertificateObject c : CertificateObject.findAll(token, CertificateObject.template(uri))) {
                found.certificates.add(c);
                found.owners.add(token);
            }
        }
        Candidates narrowed = narrow(found);
        if (narrowed.certificates.isEmpty() && !found.certificates.isEmpty()) {
            throw new KeySourceException("The only certificate matching " + uri + " is a YubiKey PIV attestation "
                    + "certificate (" + certificateList(found.certificates, found.owners.get(0)).trim() + "): it "
                    + "vouches that the key slot's key was generated on the device and is not an identity. Import "
                    + "the certificate the CA issued for that key into the slot, and name it in the URI");
        }
        if (narrowed.certificates.isEmpty()) {
            throw new KeySourceException("No X.509 certificate matching " + uri + " was found on "
                    + names(tokens) + (pin == null ? " without login (if the certificate is a private object, "
                    + "configure a PIN)" : "") + ". Import the certificate onto the token with the key's CKA_ID, or "
                    + "correct the object/id in the URI");
        }
        return narrowed;
    }

    /**
     * Removes candidates that cannot be what the user meant: YubiKey PIV attestation certificates (they share the key
     * slot's id and key, but certify the device, never the holder), then CA certificates when an end-entity
     * certificate is present.
     */
    private static Candidates narrow(Candidates found) {
        Candidates identities = new Candidates();
        for (int i = 0; i < found.certificates.size(); i++) {
            if (!found.certificates.get(i).isPivAttestation()) {
                identities.certificates.add(found.certificates.get(i));
                identities.owners.add(found.owners.get(i));
            }
        }
        if (identities.certificates.size() <= 1) {
            return identities;
        }
        Candidates endEntity = new Candidates();
        for (int i = 0; i < identities.certificates.size(); i++) {
            if (!identities.certificates.get(i).isCa()) {
                endEntity.certificates.add(identities.certificates.get(i));
                endEntity.owners.add(identities.owners.get(i));
            }
        }
        return endEntity.certificates.isEmpty() ? identities : endEntity;
    }

    private KeySourceException severalCertificates(Candidates found) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < found.certificates.size(); i++) {
            list.append(certificateList(found.certificates.subList(i, i + 1), found.owners.get(i)));
        }
        return new KeySourceException("Several certificates match " + uri + ". Name one in the pkcs11: URI:" + list);
    }

    private String certificateList(List<CertificateObject> certificates, Token owner) {
        StringBuilder list = new StringBuilder();
        for (CertificateObject c : certificates) {
            list.append("\n  ").append(objectUri(owner, c.label(), c.id())).append("  (subject ")
                    .append(subject(c)).append(", serial ").append(c.certificate().getSerialNumber()).append(')');
        }
        return list.toString();
    }

    /**
     * Searches to try in order. A key named by the configuration is searched by its id/label alone: falling back to
     * other keys would sign with one the operator did not name. Otherwise: the URI's id/label, then the
     * certificate's id, then every private key.
     */
    private List<List<Attribute>> keyTemplates(Token token, CertificateObject cert) {
        List<List<Attribute>> templates = new ArrayList<>();
        if (keyUri != null) {
            checkKeyUriSelects(token);
            templates.add(keyTemplate(keyUri));
            return templates;
        }
        if (uri.id().isPresent() || uri.object().isPresent()) {
            templates.add(keyTemplate(uri));
        }
        byte[] certId = cert.id();
        if (certId != null && certId.length > 0) {
            List<Attribute> t = keyTemplate(Pkcs11Uri.any());
            t.add(Attribute.of(Cka.CKA_ID, certId));
            templates.add(t);
        }
        templates.add(keyTemplate(Pkcs11Uri.any()));
        return templates;
    }

    /** Private keys with {@code named}'s id and label, when it has them. */
    private static List<Attribute> keyTemplate(Pkcs11Uri named) {
        List<Attribute> t = new ArrayList<>();
        t.add(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_PRIVATE_KEY));
        named.id().ifPresent(id -> t.add(Attribute.of(Cka.CKA_ID, id)));
        named.object().ifPresent(label -> t.add(Attribute.ofUtf8(Cka.CKA_LABEL, label)));
        return t;
    }

    private boolean matchesCertificate(Token token, CertificateObject cert, PrivateKeyObject key,
            SigningAlgorithm algorithm, long[] offered) {
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
            return testSignature(token, cert, key, algorithm, offered);
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

    private boolean testSignature(Token token, CertificateObject cert, PrivateKeyObject key,
            SigningAlgorithm algorithm, long[] offered) {
        if (key.alwaysAuthenticate()) {
            // A test signature would cost a PIN entry per candidate; without a readable public half the pair
            // cannot be confirmed, so such a key must be named by a matching public key object instead.
            LOG.debug("Cannot confirm always-authenticate key '{}' on {} without a test signature; skipping it",
                    key.label(), token.displayName());
            return false;
        }
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        byte[] signature;
        try {
            signature = bind(token, cert, key, algorithm, offered).sign(challenge, null);
        } catch (Pkcs11Exception | KeySourceException e) {
            LOG.debug("Test signature with '{}' on {} failed: {}", key.label(), token.displayName(), e.toString());
            return false;
        }
        return PublicKeyMatch.verifies(cert.certificate().getPublicKey(), algorithm, challenge, signature);
    }

    private static List<X509Certificate> certificates(List<CertificateObject> objects) {
        List<X509Certificate> out = new ArrayList<>();
        for (CertificateObject c : objects) {
            out.add(c.certificate());
        }
        return out;
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
