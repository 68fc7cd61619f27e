package dev.rolesanywhere.pkcs11.internal.token;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * Extends a certificate chain with CA certificates found on a token, taking a candidate only when its key really
 * signed the current link. Matching on names alone (or checking the relation the wrong way round, as the reference
 * tool does) would send unrelated certificates that happen to share a subject, which the service rejects.
 */
public final class IssuerChain {

    /** The certificates whose subject is {@code subject} (a token search by {@code CKA_SUBJECT}). */
    @FunctionalInterface
    public interface Lookup {
        List<X509Certificate> withSubject(X500Principal subject);
    }

    private IssuerChain() {
    }

    /**
     * @param leaf the end-entity certificate
     * @param start intermediates already chosen (nearest the leaf first); extension begins after the last one
     * @param maxLinks the most certificates added, a bound against cross-certificate loops
     * @param lookup asked once per added link, for certificates named like the current link's issuer
     * @return {@code start} followed by each looked-up certificate that issued the previous link, stopping before a
     *     self-signed root (the trust anchor holds it) or when none issued the last link
     */
    public static List<X509Certificate> extend(X509Certificate leaf, List<X509Certificate> start, int maxLinks,
            Lookup lookup) {
        List<X509Certificate> chain = new ArrayList<>(start);
        X509Certificate last = chain.isEmpty() ? leaf : chain.get(chain.size() - 1);
        for (int i = 0; i < maxLinks && !isSelfSigned(last); i++) {
            X509Certificate issuer = findIssuer(last, lookup.withSubject(last.getIssuerX500Principal()), leaf, chain);
            if (issuer == null || isSelfSigned(issuer)) {
                break;
            }
            chain.add(issuer);
            last = issuer;
        }
        return chain;
    }

    /** True when {@code issuer}'s key verifies {@code subject}'s signature and the names line up. */
    public static boolean issued(X509Certificate issuer, X509Certificate subject) {
        if (!issuer.getSubjectX500Principal().equals(subject.getIssuerX500Principal())) {
            return false;
        }
        try {
            subject.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    static boolean isSelfSigned(X509Certificate cert) {
        return issued(cert, cert);
    }

    private static X509Certificate findIssuer(X509Certificate subject, List<X509Certificate> candidates,
            X509Certificate leaf, List<X509Certificate> chain) {
        for (X509Certificate candidate : candidates) {
            if (candidate.equals(leaf) || candidate.equals(subject) || chain.contains(candidate)) {
                continue;
            }
            if (issued(candidate, subject)) {
                return candidate;
            }
        }
        return null;
    }
}
