package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.RolesAnywhereException;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.core.Signers;
import dev.rolesanywhere.testing.LogCapture;
import org.junit.jupiter.api.Test;

/** Messages that quote a whole URI, or a file location next to one, blank its PIN however the URI spells it. */
class Pkcs11UriRedactionTest {
    private static final String PIN = "Q7305182q";

    @Test
    void parse_quotingTheWholeUri_blanksAPinWhoseNameIsInAnotherCase() {
        String[] malformed = {"pkcs11:token=t;;x=1?PIN-VALUE=" + PIN, "pkcs11:token=t?Pin-Value=" + PIN + "#frag",
            " PKCS11:token=t?pin-value=" + PIN + "&&module-path=/x.so"};
        for (String uri : malformed) {
            assertThatThrownBy(() -> Pkcs11Uri.parse(uri))
                    .as(uri)
                    .isInstanceOf(Pkcs11UriException.class)
                    .hasMessageNotContaining(PIN);
        }
    }

    @Test
    void signerFactory_withACertificateFileThatCarriesAPin_neverQuotesIt() {
        SignerSpec spec = SignerSpec.builder().certificate("file:pkcs11:token=t;pin-value=" + PIN)
                .privateKey(" pkcs11:token=t;object=leaf").pkcs11Library("/nonexistent/libpkcs11.so").build();

        assertThatThrownBy(() -> Signers.fromSpec(spec))
                .isInstanceOf(RolesAnywhereException.class)
                .hasMessageContaining("pin-value=***")
                .hasMessageNotContaining(PIN)
                .satisfies(e -> assertThat(LogCapture.stackTrace(e)).doesNotContain(PIN));
    }

}
