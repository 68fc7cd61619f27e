package dev.rolesanywhere.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real SoftHSM2 tokens, made fresh for each test JVM the way an operator makes them: {@code softhsm2-util} creates a
 * token, {@code pkcs11-tool} puts keys and certificates on it. Everything runs in child processes, so nothing here
 * depends on the PKCS#11 binding under test.
 *
 * <pre>{@code
 * SoftHsmToken token = SoftHsmFixture.shared().createToken();
 * TokenKey key = token.key("signing").type(TestKeyType.EC_P256).create();
 * String uri = key.uri();             // pkcs11:token=..;object=..;id=..;type=private?module-path=..
 * char[] pin = token.userPin();       // a fresh copy: wipe it
 * }</pre>
 *
 * <h2>How SoftHSM2 finds this configuration</h2>
 * SoftHSM2 reads {@code SOFTHSM2_CONF} with {@code getenv} in {@code C_Initialize}. The first call to
 * {@link #shared()} writes {@code softhsm2.conf} into a new {@link ScratchDirectory} (under the module's
 * {@code target/tmp}, removed when the JVM exits) and sets {@code SOFTHSM2_CONF} in this process's native
 * environment through libc {@code setenv} ({@link NativeEnvironment}). No surefire configuration is needed, so tests
 * also run from an IDE. Child processes get the variable from {@link #environment()}.
 *
 * <h2>Rules for tests</h2>
 * <ul>
 *   <li>Call {@link #shared()} (or anything that does) <b>before</b> this JVM first initialises SoftHSM2; a module
 *       initialised earlier keeps whatever configuration it read.</li>
 *   <li>All test classes in one JVM share one token directory; each {@link #createToken()} makes a token with a
 *       unique label, so classes do not see each other's keys by accident.</li>
 *   <li>SoftHSM2 reads the token directory in {@code C_Initialize} only, and the library never finalises a module
 *       on its own (another user in the process may rely on it). So {@link #createToken} finalises every module the
 *       global registry holds without references ({@code ModuleRegistry.finalizeUnused()}): create tokens (in
 *       {@code @BeforeAll}) before opening the module, and close what you opened when done. Tokens created while
 *       something in this JVM holds the module open become visible after the next
 *       {@code C_Finalize}/{@code C_Initialize}.</li>
 *   <li>Several surefire forks each get their own directory and configuration (the environment is per process).</li>
 * </ul>
 */
public final class SoftHsmFixture {
    private static final String[] MODULE_CANDIDATES = {
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib64/pkcs11/libsofthsm2.so",
        "/usr/local/lib/softhsm/libsofthsm2.so",
    };
    private static final Pattern SLOT_LINE = Pattern.compile("^Slot \\d+ \\(0x([0-9a-fA-F]+)\\):.*$");
    private static final Pattern FIELD_LINE = Pattern.compile("^\\s+([a-z ]+?)\\s*: (.*)$");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile SoftHsmFixture shared;

    private final Path workDirectory;
    private final Path tokenDirectory;
    private final Path configFile;
    private final Path modulePath;
    private final String runId;

    private SoftHsmFixture(Path workDirectory) {
        this.modulePath = findModule();
        this.runId = Long.toString(ProcessHandle.current().pid(), 36) + Integer.toString(RANDOM.nextInt(1296), 36);
        this.workDirectory = workDirectory;
        try {
            this.tokenDirectory = Files.createDirectories(workDirectory.resolve("tokens"));
            this.configFile = workDirectory.resolve("softhsm2.conf");
            String conf = "# written by SoftHsmFixture\n"
                    + "directories.tokendir = " + tokenDirectory + "\n"
                    + "objectstore.backend = file\n"
                    + "log.level = ERROR\n"
                    + "slots.removable = false\n"
                    + "slots.mechanisms = ALL\n";
            Files.write(configFile, conf.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the SoftHSM2 configuration in " + workDirectory, e);
        }
    }

    /**
     * The one fixture of this JVM; the first call creates its directory and sets {@code SOFTHSM2_CONF} in this
     * process's native environment.
     */
    public static SoftHsmFixture shared() {
        if (shared == null) {
            synchronized (SoftHsmFixture.class) {
                if (shared == null) {
                    SoftHsmFixture fixture = new SoftHsmFixture(ScratchDirectory.create("softhsm-"));
                    NativeEnvironment.set("SOFTHSM2_CONF", fixture.configFile().toString());
                    shared = fixture;
                }
            }
        }
        return shared;
    }

    /**
     * A fixture whose tokens live in {@code directory} and outlive this JVM (for tools that prepare tokens for
     * other processes, such as the benchmarks). Nothing is set in this process's environment: give child processes
     * {@link #environment()}; whoever made the directory removes it.
     */
    public static SoftHsmFixture inDirectory(Path directory) {
        return new SoftHsmFixture(directory.toAbsolutePath());
    }

    /** The SoftHSM2 PKCS#11 module ({@code libsofthsm2.so}). */
    public Path modulePath() {
        return modulePath;
    }

    public Path configFile() {
        return configFile;
    }

    public Path tokenDirectory() {
        return tokenDirectory;
    }

    /** A directory for this fixture's scratch files (PIN files, certificates), removed with the fixture's tokens. */
    public Path workDirectory() {
        return workDirectory;
    }

    /** Variables a child process needs to see this fixture's tokens. */
    public Map<String, String> environment() {
        return Collections.singletonMap("SOFTHSM2_CONF", configFile.toString());
    }

    /** A new token with a unique label and random PINs. */
    public SoftHsmToken createToken() {
        return createToken("t-" + runId + "-" + COUNTER.incrementAndGet());
    }

    /** A new token labelled {@code label} (at most 32 UTF-8 bytes) with random PINs. */
    public SoftHsmToken createToken(String label) {
        return createToken(label, randomDigits(6), randomDigits(8));
    }

    /** A new token with the given label and PINs (copied; wipe your arrays). */
    public synchronized SoftHsmToken createToken(String label, char[] userPin, char[] soPin) {
        if (label.getBytes(StandardCharsets.UTF_8).length > 32) {
            throw new IllegalArgumentException("SoftHSM2 token labels hold at most 32 UTF-8 bytes: " + label);
        }
        for (SlotInfo s : listSlots()) {
            if (label.equals(s.label)) {
                throw new IllegalArgumentException("A token labelled '" + label + "' already exists in " + tokenDirectory);
            }
        }
        SecretRecorder.pin(userPin);
        SecretRecorder.pin(soPin);
        ProcessRunner.command("softhsm2-util", "--init-token", "--free", "--label", label,
                "--pin", new String(userPin), "--so-pin", new String(soPin)).environment(environment()).run().check();
        forgetUnusedModules();
        for (SlotInfo s : listSlots()) {
            if (label.equals(s.label)) {
                return new SoftHsmToken(this, label, s.serial, s.slotId, userPin, soPin);
            }
        }
        throw new IllegalStateException("Token '" + label + "' was initialised but pkcs11-tool -L does not list it");
    }

    /** Runs {@code pkcs11-tool --module <softhsm> args...} against this fixture's tokens and returns its output. */
    public String pkcs11Tool(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("pkcs11-tool");
        cmd.add("--module");
        cmd.add(modulePath.toString());
        cmd.addAll(Arrays.asList(args));
        return ProcessRunner.command(cmd).environment(environment()).run().check().output();
    }

    /** The slots with an initialised token, as {@code pkcs11-tool -L} (a separate process) sees them now. */
    public List<SlotInfo> listSlots() {
        String out = pkcs11Tool("-L");
        List<SlotInfo> slots = new ArrayList<>();
        Long slotId = null;
        String label = null;
        String serial = null;
        for (String line : out.split("\n", -1)) {
            Matcher slot = SLOT_LINE.matcher(line);
            if (slot.matches()) {
                addIfToken(slots, slotId, label, serial);
                slotId = Long.parseUnsignedLong(slot.group(1), 16);
                label = null;
                serial = null;
                continue;
            }
            Matcher field = FIELD_LINE.matcher(line);
            if (field.matches() && slotId != null) {
                if (field.group(1).equals("token label")) {
                    label = field.group(2).trim();
                } else if (field.group(1).equals("serial num")) {
                    serial = field.group(2).trim();
                }
            }
        }
        addIfToken(slots, slotId, label, serial);
        return slots;
    }

    private static void addIfToken(List<SlotInfo> slots, Long slotId, String label, String serial) {
        if (slotId != null && label != null && serial != null && !serial.isEmpty()) {
            slots.add(new SlotInfo(slotId, label, serial));
        }
    }

    private static Path findModule() {
        for (String candidate : MODULE_CANDIDATES) {
            Path p = Paths.get(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("libsofthsm2.so not found in " + Arrays.toString(MODULE_CANDIDATES)
                + ": install SoftHSM2 (Debian: apt-get install softhsm2, or run scripts/install-system-deps.sh)");
    }

    /** {@code n} random decimal digits, for PINs. */
    public static char[] randomDigits(int n) {
        char[] pin = new char[n];
        for (int i = 0; i < n; i++) {
            pin[i] = (char) ('0' + RANDOM.nextInt(10));
        }
        return pin;
    }

    /** One initialised token as a separate process lists it. */
    public static final class SlotInfo {
        public final long slotId;
        public final String label;
        public final String serial;

        SlotInfo(long slotId, String label, String serial) {
            this.slotId = slotId;
            this.label = label;
            this.serial = serial;
        }

        @Override
        public String toString() {
            return "slot " + Long.toUnsignedString(slotId) + " token '" + label + "' serial " + serial;
        }
    }

    /**
     * SoftHSM2 reads its token directory only in {@code C_Initialize}, and the library no longer finalises modules by
     * default, so an idle module this JVM initialised must be finalised for the next acquire to see the new token.
     * Reflection, because this module cannot depend on rolesanywhere-pkcs11 (whose tests depend on it); a test JVM
     * without the PKCS#11 module has nothing to finalise.
     */
    private static void forgetUnusedModules() {
        Class<?> registry;
        try {
            registry = Class.forName("dev.rolesanywhere.pkcs11.internal.ffi.ModuleRegistry");
        } catch (ClassNotFoundException e) {
            return;
        }
        try {
            Object global = registry.getMethod("global").invoke(null);
            registry.getMethod("finalizeUnused").invoke(global);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot finalise idle PKCS#11 modules after creating a token", e);
        }
    }
}
