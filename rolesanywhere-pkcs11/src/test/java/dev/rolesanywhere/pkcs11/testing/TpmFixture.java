package dev.rolesanywhere.pkcs11.testing;

import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import dev.rolesanywhere.testing.NativeEnvironment;
import dev.rolesanywhere.testing.ProcessRunner;
import dev.rolesanywhere.testing.ScratchDirectory;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.SoftHsmToken;
import dev.rolesanywhere.testing.TestPki;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TPM-backed PKCS#11 token for tests: a software TPM (swtpm) behind the tpm2-abrmd resource manager on a private
 * D-Bus session bus, and a tpm2-pkcs11 store with one token holding an RSA-2048 and an EC P-256 key generated inside
 * the TPM, each with a certificate from {@link TestPki}. Everything is made fresh per JVM and stopped at JVM exit.
 *
 * <p>Why the resource manager: without it every process that exits without {@code C_Finalize} leaks TPM object
 * contexts, and after a few runs {@code C_Login} fails with {@code CKR_GENERAL_ERROR}.
 *
 * <p>In-process use: {@link #shared()} sets {@code TPM2_PKCS11_STORE}, {@code TPM2_PKCS11_TCTI} and
 * {@code DBUS_SESSION_BUS_ADDRESS} in the native environment ({@link NativeEnvironment}); call it before this JVM
 * first loads {@code libtpm2_pkcs11.so}. The daemons are child processes of the JVM (stopped by a shutdown hook
 * through their {@link Process} handles).
 *
 * <p>Packages (Debian 12): swtpm swtpm-tools tpm2-tools libtpm2-pkcs11-1 libtpm2-pkcs11-tools libtss2-tcti-swtpm0
 * tpm2-abrmd libtss2-tcti-tabrmd0 dbus-daemon.
 */
public final class TpmFixture {
    private static final Path MODULE = Paths.get("/usr/lib/x86_64-linux-gnu/pkcs11/libtpm2_pkcs11.so");
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile TpmFixture shared;

    private Path workDirectory;
    private final Path store;
    private final String tokenLabel;
    private final char[] userPin;
    private final char[] soPin;
    private final List<Process> daemons = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private final Key rsaKey;
    private final Key ecKey;

    private TpmFixture() {
        if (!Files.isRegularFile(MODULE)) {
            throw new IllegalStateException(MODULE + " not found: install libtpm2-pkcs11-1 and the other packages "
                    + "listed in TpmFixture's javadoc (scripts/install-system-deps.sh does)");
        }
        this.tokenLabel = "tpm-" + Integer.toString(RANDOM.nextInt(1 << 20), 36);
        this.userPin = SoftHsmFixture.randomDigits(6);
        this.soPin = SoftHsmFixture.randomDigits(8);
        try {
            // /tmp, not the build's temporary directory: the D-Bus socket's path must fit in 108 bytes
            this.workDirectory = ScratchDirectory.create(Paths.get("/tmp"), "tpm-");
            this.store = Files.createDirectory(workDirectory.resolve("store"));
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "tpm-fixture-stop"));
            int port = freePortPair();
            String swtpmTcti = "swtpm:host=127.0.0.1,port=" + port;
            startSwtpm(port);
            awaitTpm(swtpmTcti, Collections.emptyMap(), daemons.get(0));
            String bus = startDbus();
            String busName = "com.intel.tss2.Tabrmd.rat" + Integer.toString(RANDOM.nextInt(1 << 30), 36);
            environment.put("DBUS_SESSION_BUS_ADDRESS", bus);
            Process abrmd = startAbrmd(busName, swtpmTcti, bus);
            String tcti = "tabrmd:bus_type=session,bus_name=" + busName;
            environment.put("TPM2TOOLS_TCTI", tcti);
            environment.put("TPM2_PKCS11_TCTI", tcti);
            environment.put("TPM2_PKCS11_STORE", store.toString());
            awaitTpm(tcti, environment, abrmd);
            createToken();
            this.rsaKey = addKey("rsa-key", "rsa2048", "RSA");
            this.ecKey = addEcKey();
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("Cannot set up the TPM token", e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        for (Map.Entry<String, String> e : environment.entrySet()) {
            NativeEnvironment.set(e.getKey(), e.getValue());
        }
    }

    /** The TPM token of this JVM, set up on first use (several seconds: tpm2_ptool is slow). */
    public static TpmFixture shared() {
        if (shared == null) {
            synchronized (TpmFixture.class) {
                if (shared == null) {
                    shared = new TpmFixture();
                }
            }
        }
        return shared;
    }

    /** {@code libtpm2_pkcs11.so}. */
    public Path modulePath() {
        return MODULE;
    }

    public String tokenLabel() {
        return tokenLabel;
    }

    /** The user PIN, as a fresh array to wipe after use. */
    public char[] userPin() {
        return userPin.clone();
    }

    public Key rsaKey() {
        return rsaKey;
    }

    public Key ecKey() {
        return ecKey;
    }

    /** Variables a child process needs to reach the token (store, TCTI, D-Bus address). */
    public Map<String, String> environment() {
        return Collections.unmodifiableMap(environment);
    }

    /** Runs {@code pkcs11-tool --module libtpm2_pkcs11.so args...} with this fixture's environment. */
    public String pkcs11Tool(String... args) {
        List<String> cmd = new ArrayList<>(Arrays.asList("pkcs11-tool", "--module", MODULE.toString()));
        cmd.addAll(Arrays.asList(args));
        return ProcessRunner.command(cmd).environment(environment).run().check().output();
    }

    /** Runs {@code tpm2_ptool args...} against this fixture's store and returns its output. */
    private String tpm2Ptool(String... args) {
        List<String> cmd = new ArrayList<>(Arrays.asList("tpm2_ptool"));
        cmd.addAll(Arrays.asList(args));
        return ProcessRunner.command(cmd).environment(environment).run().check().output();
    }

    private void startSwtpm(int port) throws IOException {
        Path state = Files.createDirectory(workDirectory.resolve("tpmstate"));
        daemons.add(daemon(Arrays.asList("swtpm", "socket", "--tpm2",
                "--server", "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
                "--ctrl", "type=tcp,port=" + (port + 1) + ",bindaddr=127.0.0.1",
                "--tpmstate", "dir=" + state, "--flags", "not-need-init,startup-clear"),
                Collections.emptyMap(), "swtpm.log"));
    }

    private String startDbus() throws IOException {
        Path socket = workDirectory.resolve("bus");
        String address = "unix:path=" + socket;
        Process dbus = daemon(Arrays.asList("dbus-daemon", "--session", "--nofork", "--nopidfile",
                "--address=" + address), Collections.emptyMap(), "dbus.log");
        daemons.add(dbus);
        Instant deadline = Instant.now().plus(STARTUP);
        while (!Files.exists(socket)) {
            if (waitForExit(dbus, deadline)) {
                throw new IllegalStateException("dbus-daemon exited: " + log("dbus.log"));
            }
        }
        return address;
    }

    private Process startAbrmd(String busName, String swtpmTcti, String bus) throws IOException {
        List<String> cmd = new ArrayList<>(Arrays.asList("tpm2-abrmd", "--session", "--dbus-name=" + busName,
                "--tcti=" + swtpmTcti, "--flush-all"));
        if (NativeEnvironment.uid() == 0) {
            cmd.add("--allow-root");
        }
        Process abrmd = daemon(cmd, Collections.singletonMap("DBUS_SESSION_BUS_ADDRESS", bus), "abrmd.log");
        daemons.add(abrmd);
        return abrmd;
    }

    private Process daemon(List<String> command, Map<String, String> env, String logName) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(workDirectory.resolve(logName).toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        new File("/dev/null")));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Polls the TPM through {@code tcti} until it answers; the pause between polls waits on the daemon's exit. */
    private void awaitTpm(String tcti, Map<String, String> env, Process daemon) {
        Map<String, String> e = new HashMap<>(env);
        e.put("TPM2TOOLS_TCTI", tcti);
        Instant deadline = Instant.now().plus(STARTUP);
        while (true) {
            ProcessRunner.Result r = ProcessRunner.command("tpm2_getcap", "properties-fixed").environment(e).run();
            if (r.exitCode() == 0) {
                return;
            }
            if (waitForExit(daemon, deadline)) {
                throw new IllegalStateException("TPM not reachable through " + tcti + " (daemon exited "
                        + (daemon.isAlive() ? "no" : daemon.exitValue()) + "): " + r.output());
            }
        }
    }

    /** Waits up to 100 ms for {@code p} to exit; true if it exited or the deadline passed. */
    private static boolean waitForExit(Process p, Instant deadline) {
        try {
            return p.waitFor(100, TimeUnit.MILLISECONDS) || Instant.now().isAfter(deadline);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void createToken() {
        String out = tpm2Ptool("init", "--path", store.toString());
        Matcher m = Pattern.compile("id: *(\\d+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("tpm2_ptool init printed no primary id: " + out);
        }
        tpm2Ptool("addtoken", "--pid", m.group(1), "--label", tokenLabel,
                "--sopin", new String(soPin), "--userpin", new String(userPin), "--path", store.toString());
    }

    /**
     * pkcs11-tool 0.23 sometimes cannot turn a tpm2-pkcs11 EC public key into an EVP_PKEY ("cannot create
     * EVP_PKEY"), for some generated points only; the failure is in the reading tool, before any library code runs.
     * A fresh key under a new id and label is then generated, a few times at most.
     */
    private Key addEcKey() throws IOException {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            try {
                return addKey(attempt == 0 ? "ec-key" : "ec" + attempt + "-key", "ecc256", "EC");
            } catch (IllegalStateException e) {
                if (e.getMessage() == null || !e.getMessage().contains("EVP_PKEY")) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private Key addKey(String label, String algorithm, String jcaAlgorithm) throws IOException {
        // tpm2_ptool stores --id as the bytes of the string given
        String idText = label.replace("-key", "1");
        byte[] id = idText.getBytes(StandardCharsets.US_ASCII);
        String hexId = SoftHsmToken.hex(id);
        tpm2Ptool("addkey", "--label", tokenLabel, "--key-label", label,
                "--id", idText, "--userpin", new String(userPin), "--algorithm", algorithm, "--path", store.toString());
        Path pubFile = workDirectory.resolve(label + "-pub.der");
        pkcs11Tool("--token-label", tokenLabel, "--read-object", "--type", "pubkey", "--id", hexId,
                "-o", pubFile.toString());
        PublicKey pub;
        try {
            pub = KeyFactory.getInstance(jcaAlgorithm).generatePublic(new X509EncodedKeySpec(
                    Files.readAllBytes(pubFile)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the TPM public key " + label, e);
        }
        X509Certificate cert = TestPki.shared().issue(pub, "tpm-" + label);
        Path pem = workDirectory.resolve(label + "-cert.pem");
        try {
            Files.write(pem, ("-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        tpm2Ptool("addcert", "--label", tokenLabel, "--key-id", hexId,
                "--path", store.toString(), pem.toString());
        return new Key(label, id, pub, cert);
    }

    private String log(String name) {
        try {
            return new String(Files.readAllBytes(workDirectory.resolve(name)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no " + name + ")";
        }
    }

    private void stop() {
        List<Process> reversed = new ArrayList<>(daemons);
        Collections.reverse(reversed);
        for (Process p : reversed) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        daemons.clear();
        if (workDirectory != null) {
            ScratchDirectory.deleteRecursively(workDirectory);
        }
    }

    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            if (port >= 65535) {
                continue;
            }
            try (ServerSocket next = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                if (next.getLocalPort() == port + 1) {
                    return port;
                }
            } catch (IOException taken) {
                // the control port must be port + 1 (the swtpm TCTI assumes it); try another pair
            }
        }
        throw new IOException("No free pair of consecutive loopback ports");
    }

    /** A key generated inside the TPM, with its certificate on the token. */
    public final class Key {
        private final String label;
        private final byte[] id;
        private final PublicKey publicKey;
        private final X509Certificate certificate;

        Key(String label, byte[] id, PublicKey publicKey, X509Certificate certificate) {
            this.label = label;
            this.id = id;
            this.publicKey = publicKey;
            this.certificate = certificate;
        }

        public String label() {
            return label;
        }

        public byte[] id() {
            return id.clone();
        }

        public PublicKey publicKey() {
            return publicKey;
        }

        public X509Certificate certificate() {
            return certificate;
        }

        /** {@code pkcs11:token=..;object=..;id=..;type=private?module-path=..} (no PIN). */
        public Pkcs11Uri uri() {
            return Pkcs11Uri.builder().token(tokenLabel).object(label).id(id).type(Pkcs11Uri.ObjectType.PRIVATE)
                    .modulePath(MODULE.toString()).build();
        }
    }
}
