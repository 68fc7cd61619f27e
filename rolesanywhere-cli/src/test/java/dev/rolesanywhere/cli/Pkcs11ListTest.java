package dev.rolesanywhere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.cli.internal.PinPrompt;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import java.nio.file.Path;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * {@code pkcs11 list} and {@code read-certificate-data --certificate pkcs11:...} through the launcher, on a fresh
 * SoftHSM2 token holding two certified keys; every URI they print is pasted back into {@code sign-string}, whose
 * signature the JDK must verify with the certificate's key.
 */
class Pkcs11ListTest {

    @TempDir
    Path dir;

    private SoftHsmTokens token;
    private IssuedCertificate second;
    private String lib;

    @BeforeEach
    void token() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        token = SoftHsmTokens.create(dir, ca);
        second = token.addCertifiedKey(ca, "a2b3", "second key", "CN=second-client,O=Example");
        lib = token.module().toString();
    }

    private Map<String, String> env(boolean withPin) {
        Map<String, String> env = new HashMap<>(token.environment());
        env.put("ROLESANYWHERE_CDS", "off");
        if (withPin) {
            env.put(PinPrompt.PIN_VARIABLE, SoftHsmTokens.PIN);
        }
        return env;
    }

    private Launcher.Result run(Map<String, String> env, String... args) {
        Launcher.Result r = Launcher.run("rolesanywhere", List.of(args), env, dir);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r;
    }

    private static List<JsonNode> array(JsonNode node, String field) {
        return node.field(field).get().asArray();
    }

    private static JsonNode withLabel(List<JsonNode> items, String label) {
        return items.stream().filter(i -> i.field("label").get().asString().equals(label)).findFirst().orElseThrow();
    }

    /** sign-string over a listed URI, verified with the certificate the CA issued. */
    private void assertUriSigns(String uri, IssuedCertificate expected) throws Exception {
        String hex = run(env(true), "sign-string", "--certificate", uri, "--pkcs11-lib", lib, "--format", "text")
                .stdout();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(expected.certificate().getPublicKey());
        verifier.update(DiagnosticCommandsTest.expectedMessage(expected.publicKey()));
        assertThat(verifier.verify(HexFormat.of().parseHex(hex))).as(uri).isTrue();
    }

    @Test
    void listJson_withoutPin_showsTokenAndCertificates_butNoKeys() throws Exception {
        Launcher.Result r = run(env(false), "pkcs11", "list", "--pkcs11-lib", lib, "--format", "json");

        JsonNode root = JsonNode.parser().parse(r.stdout());
        assertThat(root.field("loggedIn").get().asBoolean()).isFalse();
        JsonNode t = withLabel(array(root, "tokens"), token.label);
        assertThat(t.field("loginRequired").get().asBoolean()).isTrue();
        assertThat(t.field("userPinLocked").get().asBoolean()).isFalse();
        assertThat(t.field("uri").get().asString()).startsWith("pkcs11:token=" + token.label + ";");
        List<JsonNode> certs = array(t, "certificates");
        assertThat(certs).hasSize(2);
        JsonNode first = withLabel(certs, token.keyLabel);
        assertThat(first.field("serialNumber").get().asString()).isEqualTo(token.certificate.serialNumber().toString());
        assertThat(first.field("subject").get().asString()).isEqualTo("CN=softhsm-client");
        assertThat(first.field("id").get().asString()).isEqualTo("01");
        JsonNode other = withLabel(certs, "second key");
        assertThat(other.field("subject").get().asString()).isEqualTo("CN=second-client,O=Example");
        assertThat(other.field("issuer").get().asString())
                .isEqualTo(second.certificate().getIssuerX500Principal().getName());
        assertThat(other.field("notAfter").get().asString())
                .isEqualTo(second.certificate().getNotAfter().toInstant().toString());
        assertThat(array(t, "privateKeys")).isEmpty();
        assertThat(r.stderr()).contains("--login").contains(PinPrompt.PIN_VARIABLE);

        assertUriSigns(first.field("uri").get().asString(), token.certificate);
        assertUriSigns(other.field("uri").get().asString(), second);
    }

    @Test
    void listJson_withPin_addsTheKeys_whoseUrisSign() throws Exception {
        Launcher.Result r = run(env(true), "pkcs11", "list", "--uri", "pkcs11:token=" + token.label,
                "--pkcs11-lib", lib, "--format", "json");

        assertThat(r.stdout()).doesNotContain(SoftHsmTokens.PIN);
        JsonNode t = withLabel(array(JsonNode.parser().parse(r.stdout()), "tokens"), token.label);
        List<JsonNode> keys = array(t, "privateKeys");
        assertThat(keys).hasSize(2);
        JsonNode key = withLabel(keys, "second key");
        assertThat(key.field("keyType").get().asString()).isEqualTo("EC");
        assertThat(key.field("id").get().asString()).isEqualTo("a2b3");
        assertThat(key.field("alwaysAuthenticate").get().asBoolean()).isFalse();
        assertThat(key.field("uri").get().asString()).contains("type=private").containsIgnoringCase("id=%a2%b3");

        assertUriSigns(key.field("uri").get().asString(), second);
    }

    @Test
    void listText_namesEachObjectWithItsUri() {
        Launcher.Result r = run(env(true), "pkcs11", "list", "--uri", "pkcs11:token=" + token.label,
                "--pkcs11-lib", lib);

        assertThat(r.stdout()).contains("Token '" + token.label + "'").contains("[login required]")
                .contains("CN=second-client,O=Example")
                .contains("serial  " + second.serialNumber())
                .contains("EC  second key  id a2b3")
                .contains("object=second%20key");
        assertThat(r.stderr()).doesNotContain("not listed");
    }

    @Test
    void severalTokens_listsThemAll_andDoesNotTryThePin() throws Exception {
        token.initAnotherToken("cli-other");

        Launcher.Result r = run(env(true), "pkcs11", "list", "--pkcs11-lib", lib, "--format", "json");

        List<JsonNode> tokens = array(JsonNode.parser().parse(r.stdout()), "tokens");
        List<String> labels = new ArrayList<>();
        tokens.forEach(t -> labels.add(t.field("label").get().asString()));
        assertThat(labels).containsExactlyInAnyOrder(token.label, "cli-other");
        assertThat(array(withLabel(tokens, "cli-other"), "certificates")).isEmpty();
        assertThat(array(withLabel(tokens, token.label), "privateKeys")).isEmpty();
        assertThat(r.stderr()).contains("several tokens");
    }

    @Test
    void list_uriMatchingNoToken_failsNamingTheTokensPresent() {
        Launcher.Result r = Launcher.run("rolesanywhere", List.of("pkcs11", "list", "--uri", "pkcs11:token=absent",
                "--pkcs11-lib", lib), env(false), dir);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("absent").contains(token.label);
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void readCertificateData_tokenUri_printsEveryMatchingCertificate() throws Exception {
        Launcher.Result r = run(env(false), "read-certificate-data", "--certificate", "pkcs11:token=" + token.label,
                "--pkcs11-lib", lib, "--format", "json", "--details");

        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.stdout().strip().split("\n")) {
            lines.add(JsonNode.parser().parse(line));
        }
        assertThat(lines).hasSize(2);
        JsonNode other = lines.stream().filter(l -> l.field("serialNumber").get().asString()
                .equals(second.serialNumber().toString())).findFirst().orElseThrow();
        assertThat(Base64.getDecoder().decode(other.field("certificateData").get().asString()))
                .isEqualTo(second.certificate().getEncoded());
        assertThat(other.field("keyType").get().asString()).isEqualTo("EC");
        assertThat(other.field("subject").get().asString()).isEqualTo("CN=second-client,O=Example");
        assertThat(other.field("notAfter").get().asString())
                .isEqualTo(second.certificate().getNotAfter().toInstant().toString());

        assertUriSigns(other.field("uri").get().asString(), second);
    }

    @Test
    void readCertificateData_uriMatchingNothing_saysSoAsTheReference_andPointsAtList() {
        Launcher.Result r = Launcher.run("rolesanywhere", List.of("read-certificate-data", "--certificate",
                "pkcs11:token=" + token.label + ";object=missing", "--pkcs11-lib", lib), env(false), dir);

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("No matching identities\n");
        assertThat(r.stderr()).contains("pkcs11 list").contains(PinPrompt.PIN_VARIABLE);
    }
}
