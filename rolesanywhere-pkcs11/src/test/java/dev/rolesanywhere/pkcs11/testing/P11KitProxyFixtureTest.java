package dev.rolesanywhere.pkcs11.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.testing.NativeEnvironment;
import dev.rolesanywhere.testing.ProcessRunner;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.SoftHsmToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** p11-kit-proxy reaches the SoftHSM2 test tokens, and the test configuration keeps system modules out. */
class P11KitProxyFixtureTest {
    private static SoftHsmToken token;
    private static P11KitProxyFixture proxy;

    @BeforeAll
    static void setUp() {
        token = SoftHsmFixture.shared().createToken();
        proxy = P11KitProxyFixture.shared();
    }

    @Test
    void proxy_listsTheTestToken() {
        String out = ProcessRunner.command("pkcs11-tool", "--module", proxy.proxyModulePath().toString(), "-L")
                .environment(proxy.childEnvironment()).run().check().output();
        assertThat(out).contains("token label        : " + token.label());
    }

    @Test
    void testHome_makesP11KitListOnlyTheTestModule() throws Exception {
        ProcessRunner.Result r;
        if (NativeEnvironment.uid() == 0) {
            // root ignores user configuration by design, so check it the way a service account would see it
            Path tokens = Files.createTempDirectory(proxy.home(), "nobody-tokens");
            Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path conf = proxy.home().resolve("softhsm2-nobody.conf");
            Files.write(conf, ("directories.tokendir = " + tokens + "\nobjectstore.backend = file\n").getBytes());
            Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
            Map<String, String> env = new HashMap<>();
            env.put("SOFTHSM2_CONF", conf.toString());
            r = proxy.runUnprivileged(env, "p11-kit", "list-modules");
        } else {
            r = ProcessRunner.command("p11-kit", "list-modules").environment(proxy.childEnvironment()).run();
        }
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).startsWith("softhsm-test: ");
        assertThat(r.output().lines().filter(l -> !l.startsWith(" ") && l.contains(": ")))
                .as("top-level module lines").hasSize(1);
        assertThat(r.output()).doesNotContain("tpm2", "opensc", "p11-kit-trust");
    }

    @Test
    void isolationInThisProcess_followsWhetherWeAreRoot() {
        assertThat(proxy.isolatedInThisProcess()).isEqualTo(NativeEnvironment.uid() != 0);
        if (proxy.isolatedInThisProcess()) {
            assertThat(NativeEnvironment.get("HOME")).isEqualTo(proxy.home().toString());
        }
    }
}
