package dev.rolesanywhere.pkcs11.internal.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IssuerChainTest {
    private static X509Certificate root;
    private static X509Certificate intermediate;
    private static X509Certificate leaf;
    private static X509Certificate impostor;
    private static X509Certificate unrelatedCa;

    @BeforeAll
    static void pki() throws Exception {
        KeyPair rootKey = TestCertificates.ecKeyPair();
        KeyPair intKey = TestCertificates.ecKeyPair();
        KeyPair leafKey = TestCertificates.ecKeyPair();
        KeyPair impostorKey = TestCertificates.ecKeyPair();
        root = TestCertificates.issue("CN=Root", rootKey.getPublic(), "CN=Root", rootKey.getPrivate(), true);
        intermediate = TestCertificates.issue("CN=Int", intKey.getPublic(), "CN=Root", rootKey.getPrivate(), true);
        leaf = TestCertificates.issue("CN=Leaf", leafKey.getPublic(), "CN=Int", intKey.getPrivate(), false);
        // Same subject name as the real intermediate, different key: a name-only match would pick it.
        impostor = TestCertificates.issue("CN=Int", impostorKey.getPublic(), "CN=Root", impostorKey.getPrivate(), true);
        KeyPair other = TestCertificates.ecKeyPair();
        unrelatedCa = TestCertificates.issue("CN=Other", other.getPublic(), "CN=Other", other.getPrivate(), true);
    }

    @Test
    void extend_whenTokenHoldsIssuerAndRoot_addsIssuerButNotSelfSignedRoot() {
        List<X509Certificate> chain = IssuerChain.extend(leaf, Collections.emptyList(), 8,
                onToken(root, unrelatedCa, intermediate));
        assertThat(chain).containsExactly(intermediate);
    }

    @Test
    void extend_whenCandidateOnlySharesTheIssuerName_leavesItOut() {
        List<X509Certificate> chain = IssuerChain.extend(leaf, Collections.emptyList(), 8, onToken(impostor));
        assertThat(chain).isEmpty();
    }

    @Test
    void extend_prefersTheRealIssuerOverANameTwin() {
        List<X509Certificate> chain = IssuerChain.extend(leaf, Collections.emptyList(), 8,
                onToken(impostor, intermediate));
        assertThat(chain).containsExactly(intermediate);
    }

    @Test
    void extend_whenLeafIssuedByNothingOnToken_returnsStartUnchanged() {
        List<X509Certificate> chain = IssuerChain.extend(leaf, Collections.emptyList(), 8, onToken(unrelatedCa, leaf));
        assertThat(chain).isEmpty();
    }

    @Test
    void extend_continuesFromTheLastExplicitIntermediate() {
        List<X509Certificate> chain = IssuerChain.extend(leaf, Collections.singletonList(intermediate), 8,
                onToken(root, intermediate));
        assertThat(chain).containsExactly(intermediate);
    }

    @Test
    void extend_asksTheTokenOncePerLink_forTheIssuerNameOnly() {
        List<X500Principal> asked = new ArrayList<>();
        IssuerChain.Lookup token = onToken(root, unrelatedCa, intermediate);
        List<X509Certificate> chain = IssuerChain.extend(leaf, Collections.emptyList(), 8, subject -> {
            asked.add(subject);
            return token.withSubject(subject);
        });
        assertThat(chain).containsExactly(intermediate);
        assertThat(asked).containsExactly(intermediate.getSubjectX500Principal(), root.getSubjectX500Principal());
    }

    @Test
    void extend_stopsAfterMaxLinks() {
        List<X509Certificate> chain = IssuerChain.extend(leaf, Collections.emptyList(), 0,
                onToken(root, intermediate));
        assertThat(chain).isEmpty();
    }

    /** A token search by CKA_SUBJECT over these certificates. */
    private static IssuerChain.Lookup onToken(X509Certificate... certificates) {
        return subject -> {
            List<X509Certificate> found = new ArrayList<>();
            for (X509Certificate c : certificates) {
                if (c.getSubjectX500Principal().equals(subject)) {
                    found.add(c);
                }
            }
            return found;
        };
    }

    @Test
    void issued_isDirectional() {
        assertThat(IssuerChain.issued(intermediate, leaf)).isTrue();
        assertThat(IssuerChain.issued(leaf, intermediate)).isFalse();
    }
}
