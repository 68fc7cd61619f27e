package dev.rolesanywhere.benchmarks;

import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A token in the fixture's token directory with one EC P-256 signing key and its certificate, plus {@code unrelated}
 * certificates the signer's URI does not name (written by {@code pkcs11_fill_token} in one session), as an HSM
 * partition shared by many applications holds. Made with child processes only, so it must exist before this JVM
 * first loads SoftHSM2.
 */
final class CrowdedToken {
    private static final byte[] KEY_ID = {0x0b, 0x1d};
    private static final String KEY_LABEL = "crowded-key";

    private final String label;
    private final X509Certificate certificate;

    private CrowdedToken(String label, X509Certificate certificate) {
        this.label = label;
        this.certificate = certificate;
    }

    /** Makes the token {@code bench-objects-<unrelated>}, with the fixture's user PIN. */
    static CrowdedToken prepare(BenchmarkFixture fixture, int unrelated, Path fillBinary) {
        String label = "bench-objects-" + unrelated;
        try {
            Path dir = Files.createTempDirectory(fixture.directory(), label + "-");
            char[] pin = fixture.readPin();
            String soPin = Long.toString(System.nanoTime() % 100_000_000L);
            try {
                run(fixture, "softhsm2-util", "--init-token", "--free", "--label", label, "--pin", new String(pin),
                        "--so-pin", soPin);
                run(fixture, "pkcs11-tool", "--module", fixture.modulePath().toString(), "--token-label", label,
                        "--login", "--pin", new String(pin), "--keypairgen", "--key-type", "EC:prime256v1", "--id",
                        HexFormat.of().formatHex(KEY_ID), "--label", KEY_LABEL, "--usage-sign");
            } finally {
                java.util.Arrays.fill(pin, '\0');
            }
            Path publicKeyFile = dir.resolve("pub.der");
            run(fixture, "pkcs11-tool", "--module", fixture.modulePath().toString(), "--token-label", label,
                    "--read-object", "--type", "pubkey", "--id", HexFormat.of().formatHex(KEY_ID), "-o",
                    publicKeyFile.toString());
            PublicKey publicKey = KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicKeyFile)));
            TestCertificateAuthority ca = TestCertificateAuthority.create();
            IssuedCertificate own = ca.issueClientCertificate(publicKey, "CN=" + KEY_LABEL + ",O=" + label);
            Path ownDer = dir.resolve("own.der");
            Files.write(ownDer, own.certificate().getEncoded());
            pinnedRun(fixture, "--write-object", ownDer.toString(), "--type", "cert", "--id",
                    HexFormat.of().formatHex(KEY_ID), "--label", KEY_LABEL, "--token-label", label);

            X509Certificate other = ca.issueClientCertificate(KeyType.EC_P256).certificate();
            Path otherDer = dir.resolve("unrelated.der");
            Files.write(otherDer, other.getEncoded());
            run(fixture, fillBinary.toString(), "--module", fixture.modulePath().toString(), "--token", label,
                    "--pin-file", fixture.pinFile().toString(), "--count", Integer.toString(unrelated), "--cert-der",
                    otherDer.toString(), "--subject-hex",
                    HexFormat.of().formatHex(other.getSubjectX500Principal().getEncoded()));
            return new CrowdedToken(label, own.certificate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot make the crowded token " + label, e);
        }
    }

    /** {@code pkcs11:token=..;object=..;id=..;type=private?module-path=<module>}: the key alone. */
    String pkcs11Uri(Path module) {
        StringBuilder id = new StringBuilder();
        for (byte b : KEY_ID) {
            id.append('%').append(HexFormat.of().toHexDigits(b));
        }
        return "pkcs11:token=" + label + ";object=" + KEY_LABEL + ";id=" + id + ";type=private?module-path=" + module;
    }

    X509Certificate certificate() {
        return certificate;
    }

    private static void pinnedRun(BenchmarkFixture fixture, String... args) {
        char[] pin = fixture.readPin();
        try {
            List<String> command = new ArrayList<>(List.of("pkcs11-tool", "--module", fixture.modulePath().toString(),
                    "--login", "--pin", new String(pin)));
            command.addAll(List.of(args));
            run(fixture, command.toArray(new String[0]));
        } finally {
            java.util.Arrays.fill(pin, '\0');
        }
    }

    private static void run(BenchmarkFixture fixture, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SOFTHSM2_CONF", fixture.softHsmConfig().toString());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                // The command line may carry the PIN: name the tool only.
                throw new IllegalStateException(command[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command[0], e);
        }
    }
}
