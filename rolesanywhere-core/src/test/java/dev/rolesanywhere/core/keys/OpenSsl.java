package dev.rolesanywhere.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.testing.ProcessRunner;
import dev.rolesanywhere.testing.TestKeyType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OpenSSL and keytool command lines, run in a working directory: the independent reference that makes the key
 * material the library reads and checks the signatures it writes.
 */
final class OpenSsl {

    private static final long TIMEOUT_SECONDS = 120;
    private final Path dir;
    private final AtomicInteger counter = new AtomicInteger();

    OpenSsl(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** A fresh path in the working directory. */
    Path file(String name) {
        return dir.resolve(counter.incrementAndGet() + "-" + name);
    }

    /** Runs {@code openssl args...}; fails the test with openssl's stderr when it exits non-zero. */
    String openssl(String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(Arrays.asList(args));
        return run(command);
    }

    String keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add("keytool");
        command.addAll(Arrays.asList(args));
        return run(command);
    }

    String run(List<String> command) {
        return run(command, Collections.<String, String>emptyMap());
    }

    /** Runs the command with extra environment variables; fails the test when it exits non-zero. */
    String run(List<String> command, Map<String, String> environment) {
        ProcessRunner.Result result = exec(command, environment);
        if (result.exitCode() != 0) {
            throw new AssertionError(command + " exited " + result.exitCode() + ": " + result.stderr()
                    + result.stdout());
        }
        return result.stdout();
    }

    /** Runs the command in the working directory and returns what happened, whatever the exit code. */
    ProcessRunner.Result exec(List<String> command, Map<String, String> environment) {
        return ProcessRunner.command(command).environment(environment).directory(dir)
                .timeout(Duration.ofSeconds(TIMEOUT_SECONDS)).run();
    }

    /** A new private key of {@code type}, made by OpenSSL. */
    Path generate(TestKeyType type) {
        return type.isEc() ? ecKey(type.opensslCurve()) : rsaKey(type.bits());
    }

    Path rsaKey(int bits) {
        Path key = file("rsa" + bits + ".key.pem");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:" + bits, "-out", key.toString());
        return key;
    }

    Path ecKey(String curve) {
        Path key = file(curve + ".key.pem");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:" + curve, "-out", key.toString());
        return key;
    }

    /** A self-signed X.509 v3 certificate (OpenSSL's req adds v3 extensions). */
    Path selfSigned(Path key, String commonName) {
        Path cert = file(commonName + ".cert.pem");
        openssl("req", "-x509", "-new", "-key", key.toString(), "-subj", "/CN=" + commonName, "-days", "30",
                "-sha256", "-out", cert.toString());
        return cert;
    }

    /** A certificate for {@code key} issued by the CA, with the given extensions (v3) or none at all. */
    Path issue(Path key, String commonName, Path caCert, Path caKey, String extensions) {
        Path csr = file(commonName + ".csr");
        openssl("req", "-new", "-key", key.toString(), "-subj", "/CN=" + commonName, "-out", csr.toString());
        Path cert = file(commonName + ".cert.pem");
        List<String> args = new ArrayList<>(Arrays.asList("openssl", "x509", "-req", "-in", csr.toString(),
                "-CA", caCert.toString(), "-CAkey", caKey.toString(), "-CAcreateserial", "-days", "30", "-sha256",
                "-out", cert.toString()));
        if (extensions != null) {
            Path ext = file(commonName + ".ext");
            write(ext, extensions);
            args.add("-extfile");
            args.add(ext.toString());
        }
        run(args);
        return cert;
    }

    /** Asserts with {@code openssl dgst -sha256 -verify} that the signature over the message verifies with the cert. */
    void assertVerifies(Path certificatePem, byte[] message, byte[] signature) {
        Path pub = file("pub.pem");
        write(pub, openssl("x509", "-in", certificatePem.toString(), "-pubkey", "-noout"));
        Path msg = file("msg.bin");
        Path sig = file("sig.bin");
        try {
            Files.write(msg, message);
            Files.write(sig, signature);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        String result = openssl("dgst", "-sha256", "-verify", pub.toString(), "-signature", sig.toString(),
                msg.toString());
        assertThat(result).contains("Verified OK");
    }

    static Path concat(Path target, Path... parts) {
        try {
            StringBuilder text = new StringBuilder();
            for (Path p : parts) {
                text.append(new String(Files.readAllBytes(p), StandardCharsets.US_ASCII));
            }
            return Files.write(target, text.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.write(file, text.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
