package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.testing.P11KitProxyFixture;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The signer through p11-kit's proxy module, the default when no module is configured. */
class Pkcs11SignerP11KitTest {
    private static final byte[] DATA = "through p11-kit".getBytes(StandardCharsets.UTF_8);

    private static P11KitProxyFixture proxy;
    private static TokenKey ecKey;
    private static TokenKey rsaKey;

    @BeforeAll
    static void tokens() {
        proxy = P11KitProxyFixture.shared();
        ecKey = SoftHsmFixture.shared().createToken().key("via-proxy-ec").type(TestKeyType.EC_P384).create();
        rsaKey = SoftHsmFixture.shared().createToken().key("via-proxy-rsa").type(TestKeyType.RSA_2048).create();
    }

    /** The key's URI without module-path, so the module comes from the builder or the default. */
    private static Pkcs11Uri withoutModule(TokenKey key) {
        return Pkcs11Uri.builder().token(key.token().label()).object(key.label()).build();
    }

    @Test
    void build_withoutAnyModuleConfigured_usesTheProxy_andSignsVerifiably() {
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(withoutModule(ecKey))
                .pinCallback(PinCallback.ofValue(ecKey.token().userPin())).build()) {
            byte[] signature = signer.sign(DATA);
            assertThat(signer.toString()).contains(ecKey.label());
            assertThat(Signatures.verifiesWithOpenssl(ecKey.publicKey(), DATA, signature,
                    SoftHsmFixture.shared().workDirectory())).isTrue();
        }
    }

    @Test
    void build_withLibraryAttributesAndNoModule_usesTheModuleBehindTheProxyThatTheyName() {
        // The proxy reports "PKCS#11 Kit Proxy Module"; SoftHSM2 reports its own manufacturer and version.
        Pkcs11Uri uri = withoutModule(ecKey).toBuilder().libraryManufacturer("SoftHSM")
                .libraryVersion(Pkcs11Uri.LibraryVersion.of(2, 6)).build();
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(uri)
                .pinCallback(PinCallback.ofValue(ecKey.token().userPin())).build()) {
            assertThat(signer.certificate()).isEqualTo(ecKey.certificate().get());
            assertThat(Signatures.verifiesInJca(ecKey.publicKey(), DATA, signer.sign(DATA))).isTrue();
        }
    }

    @Test
    void build_withLibraryAttributesNoModuleBehindTheProxyHas_listsWhatTheModulesReport() {
        Pkcs11Uri uri = withoutModule(ecKey).toBuilder().libraryManufacturer("No Such Vendor").build();
        assertThatThrownBy(() -> Pkcs11Signer.builder().uri(uri)
                .pinCallback(PinCallback.ofValue(ecKey.token().userPin())).build().close())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("behind the p11-kit proxy")
                .hasMessageContaining("'Implementation of PKCS11' by 'SoftHSM'");
    }

    @Test
    void build_withProxyAsConfiguredModule_signsWithRsa() {
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(withoutModule(rsaKey))
                .modulePath(proxy.proxyModulePath())
                .pinCallback(PinCallback.ofValue(rsaKey.token().userPin())).build()) {
            assertThat(signer.certificate()).isEqualTo(rsaKey.certificate().get());
            assertThat(Signatures.verifiesWithOpenssl(rsaKey.publicKey(), DATA, signer.sign(DATA),
                    SoftHsmFixture.shared().workDirectory())).isTrue();
        }
    }
}
