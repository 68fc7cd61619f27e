package dev.rolesanywhere.pkcs11.testing;

import dev.rolesanywhere.pkcs11.ModuleLocator;
import dev.rolesanywhere.testing.NativeEnvironment;
import dev.rolesanywhere.testing.ProcessRunner;
import dev.rolesanywhere.testing.ScratchDirectory;
import dev.rolesanywhere.testing.SoftHsmFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A p11-kit configuration that makes {@code p11-kit-proxy.so} expose only the SoftHSM2 test module, without touching
 * the system's module files (tpm2-pkcs11's system file, for one, would make every proxy user load it).
 *
 * <p>It is a throw-away {@code HOME} holding {@code .config/pkcs11/pkcs11.conf} ({@code user-config: only}) and
 * {@code .config/pkcs11/modules/softhsm-test.module}. p11-kit reads it from {@code $HOME} when the proxy initialises.
 *
 * <p><b>Root:</b> p11-kit deliberately ignores user configuration in processes running as root (its debug log says
 * "skipping user config in program running as root"), and offers no variable to override the system configuration
 * path. So:
 * <ul>
 *   <li>not root: {@link #shared()} also sets {@code HOME} in this process's native environment, and in-process proxy
 *       users see only the test module ({@link #isolatedInThisProcess()} is true);</li>
 *   <li>root (CI containers): in-process proxy users see the system modules; the test tokens are still reachable
 *       through Debian's {@code /usr/share/p11-kit/modules/softhsm2.module}, because SoftHSM2 reads the fixture's
 *       {@code SOFTHSM2_CONF}. Child processes can be run unprivileged with {@link #runUnprivileged} to prove the
 *       isolated configuration works.</li>
 * </ul>
 *
 * <p>In-process, the proxy loads the very {@code libsofthsm2.so} instance that direct loads in this JVM use (the
 * dynamic linker shares one instance per file): its {@code C_Initialize} may meet an already initialised SoftHSM2,
 * and its {@code C_Finalize} finalises SoftHSM2 for every user in the process. Tests that use the proxy in-process
 * should not hold SoftHSM2 open directly at the same time.
 */
public final class P11KitProxyFixture {
    private static volatile P11KitProxyFixture shared;

    private final Path home;
    private final Path proxyModule;
    private final boolean isolatedInThisProcess;

    private P11KitProxyFixture() {
        SoftHsmFixture softHsm = SoftHsmFixture.shared();
        this.proxyModule = ModuleLocator.create().locateProxy();
        try {
            // /tmp, not the build's temporary directory: an unprivileged child must reach it, and a checkout may sit
            // in a home directory nobody else can enter (root's, for one)
            home = ScratchDirectory.create(Paths.get("/tmp"), "p11kit-home-");
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path modules = Files.createDirectories(home.resolve(".config/pkcs11/modules"));
            write(home.resolve(".config/pkcs11/pkcs11.conf"), "# test only: ignore system modules\nuser-config: only\n");
            write(modules.resolve("softhsm-test.module"), "module: " + softHsm.modulePath() + "\n");
            for (Path p : new Path[] {home.resolve(".config"), home.resolve(".config/pkcs11"), modules}) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the p11-kit test configuration", e);
        }
        this.isolatedInThisProcess = NativeEnvironment.uid() != 0;
        if (isolatedInThisProcess) {
            NativeEnvironment.set("HOME", home.toString());
        }
    }

    /** The one configuration of this JVM. */
    public static P11KitProxyFixture shared() {
        if (shared == null) {
            synchronized (P11KitProxyFixture.class) {
                if (shared == null) {
                    shared = new P11KitProxyFixture();
                }
            }
        }
        return shared;
    }

    /** The p11-kit proxy module, found by {@link ModuleLocator}. */
    public Path proxyModulePath() {
        return proxyModule;
    }

    /** The throw-away {@code HOME} with the p11-kit user configuration. */
    public Path home() {
        return home;
    }

    /** True when this process's proxy sees only the test module (false when running as root; see class doc). */
    public boolean isolatedInThisProcess() {
        return isolatedInThisProcess;
    }

    /** Environment for a child process that loads the proxy: the test {@code HOME} and {@code SOFTHSM2_CONF}. */
    public Map<String, String> childEnvironment() {
        Map<String, String> env = new HashMap<>(SoftHsmFixture.shared().environment());
        env.put("HOME", home.toString());
        return env;
    }

    /**
     * Runs {@code command} as user {@code nobody} (through {@code setpriv}) with the test {@code HOME}, a clean
     * environment and the given extra variables, so p11-kit applies the user configuration even when the tests run
     * as root. Only for root; a non-root process cannot switch users.
     */
    public ProcessRunner.Result runUnprivileged(Map<String, String> extraEnvironment, String... command) {
        if (NativeEnvironment.uid() != 0) {
            throw new IllegalStateException("runUnprivileged needs root; this process already is unprivileged");
        }
        String[] prefix = {"env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + home};
        String[] vars = extraEnvironment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        String[] setpriv = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
        String[] all = Stream.of(prefix, vars, setpriv, command).flatMap(Arrays::stream).toArray(String[]::new);
        return ProcessRunner.command(all).run();
    }

    private static void write(Path p, String content) throws IOException {
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    }
}
