package dev.rolesanywhere.pkcs11.internal.token;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Extends a certificate chain with CA certificates found on a token, taking a candidate only when its key really
 * signed the current link. Matching on names alone (or checking the relation the wrong way round, as the reference
 * tool does) would send unrelated certificates that happen to share a subject, which the service rejects.
 */
public final class IssuerChain {

    private IssuerChain() {
    }

    /**
     * @param leaf the end-entity certificate
     * @param start intermediates already chosen (nearest the leaf first); extension begins after the last one
     * @param candidates certificates found on the token, in any order
     * @return {@code start} followed by each candidate that issued the previous link, stopping before a self-signed
     *     root (the trust anchor holds it) or when no candidate issued the last link
     */
    public static List<X509Certificate> extend(X509Certificate leaf, List<X509Certificate> start,
            Collection<X509Certificate> candidates) {
        List<X509Certificate> chain = new ArrayList<>(start);
        X509Certificate last = chain.isEmpty() ? leaf : chain.get(chain.size() - 1);
        // Bounded by the candidate count: each candidate can join the chain at most once.
        for (int i = 0; i < candidates.size(); i++) {
            X509Certificate issuer = findIssuer(last, candidates, leaf, chain);
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

    private static X509Certificate findIssuer(X509Certificate subject, Collection<X509Certificate> candidates,
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
