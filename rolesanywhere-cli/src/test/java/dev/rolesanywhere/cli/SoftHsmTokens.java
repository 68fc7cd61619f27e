package dev.rolesanywhere.cli;

import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A fresh SoftHSM2 token in a temporary directory, provisioned as an administrator would: softhsm2-util creates it,
 * pkcs11-tool generates an EC key on it and stores the certificate the test CA issued for that key. Everything runs in
 * child processes, so this JVM's environment is never touched; the launcher gets SOFTHSM2_CONF the same way.
 */
final class SoftHsmTokens {

    static final String PIN = "246810";
    static final String SO_PIN = "13579135";

    final Path config;
    final String label;
    final String keyLabel = "ra-key";
    final IssuedCertificate certificate;

    private SoftHsmTokens(Path dir, TestCertificateAuthority ca, String label, boolean withKey) throws IOException {
        Path tokens = Files.createDirectories(dir.resolve("softhsm-tokens"));
        this.config = Files.writeString(dir.resolve("softhsm2.conf"),
                "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        this.label = label;
        run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN, "--so-pin", SO_PIN);
        if (!withKey) {
            this.certificate = null;
            return;
        }
        this.certificate = addCertifiedKey(dir, ca, "01", keyLabel, "CN=softhsm-client");
    }

    /** Generates an EC key on this token and stores a certificate the CA issued for it, both with this id and label. */
    IssuedCertificate addCertifiedKey(Path dir, TestCertificateAuthority ca, String idHex, String objectLabel,
            String subject) throws IOException {
        tool("--keypairgen", "--key-type", "EC:prime256v1", "--id", idHex, "--label", objectLabel);
        Path publicKey = dir.resolve("public-" + idHex + ".der");
        tool("--read-object", "--type", "pubkey", "--id", idHex, "--output-file", publicKey.toString());
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicKey)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("pkcs11-tool wrote an unreadable public key", e);
        }
        IssuedCertificate issued = ca.issueClientCertificate(key, subject);
        Path der = dir.resolve("cert-" + idHex + ".der");
        try {
            Files.write(der, issued.certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        tool("--write-object", der.toString(), "--type", "cert", "--id", idHex, "--label", objectLabel);
        return issued;
    }

    /** Initialises another token in the same token directory (same PINs). */
    void initAnotherToken(String otherLabel) {
        run("softhsm2-util", "--init-token", "--free", "--label", otherLabel, "--pin", PIN, "--so-pin", SO_PIN);
    }

    static SoftHsmTokens create(Path dir, TestCertificateAuthority ca) throws IOException {
        return new SoftHsmTokens(dir, ca, "cli-test", true);
    }

    /** An initialised token with nothing on it yet. */
    static SoftHsmTokens empty(Path dir) throws IOException {
        return new SoftHsmTokens(dir, null, "cli-empty", false);
    }

    static Path module() {
        for (String candidate : List.of("/usr/lib/softhsm/libsofthsm2.so",
                "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
                "/usr/local/lib/softhsm/libsofthsm2.so")) {
            if (Files.isReadable(Paths.get(candidate))) {
                return Paths.get(candidate);
            }
        }
        throw new IllegalStateException("libsofthsm2.so not found; install softhsm2 (scripts/install-system-deps.sh)");
    }

    Map<String, String> environment() {
        return Map.of("SOFTHSM2_CONF", config.toString());
    }

    /** The certificate's URI; the key is found next to it on the same token. */
    String uri() {
        return "pkcs11:token=" + label + ";object=" + keyLabel + ";type=cert";
    }

    private void tool(String... args) {
        List<String> command = new ArrayList<>(List.of("pkcs11-tool", "--module", module().toString(),
                "--token-label", label, "--login", "--pin", PIN));
        command.addAll(Arrays.asList(args));
        run(command.toArray(new String[0]));
    }

    private void run(String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("SOFTHSM2_CONF", config.toString());
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            p.getInputStream().transferTo(out);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command).replace(PIN, "***") + " failed: "
                        + out.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
