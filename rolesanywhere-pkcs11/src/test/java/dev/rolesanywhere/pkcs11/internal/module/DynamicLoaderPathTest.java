package dev.rolesanywhere.pkcs11.internal.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class DynamicLoaderPathTest {
    private static final String MULTIARCH = "552 libs found in cache `/etc/ld.so.cache'\n"
            + "\tlibvendor.so.1 (libc6) => /lib/i386-linux-gnu/libvendor.so.1\n"
            + "\tlibvendor.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libvendor.so.1\n"
            + "\tlibvendor.so.1 (libc6,AArch64) => /lib/aarch64-linux-gnu/libvendor.so.1\n"
            + "\tlibvendor.so (libc6,x86-64) => /lib/x86_64-linux-gnu/libvendor.so\n";

    @Test
    void parseLdconfig_takesTheEntryForTheJvmsArchitecture() {
        assertThat(DynamicLoaderPath.parseLdconfig(MULTIARCH, "libvendor.so.1", "amd64"))
                .contains(Paths.get("/lib/x86_64-linux-gnu/libvendor.so.1"));
        assertThat(DynamicLoaderPath.parseLdconfig(MULTIARCH, "libvendor.so.1", "aarch64"))
                .contains(Paths.get("/lib/aarch64-linux-gnu/libvendor.so.1"));
    }

    @Test
    void parseLdconfig_matchesTheWholeNameOnly() {
        assertThat(DynamicLoaderPath.parseLdconfig(MULTIARCH, "libvendor.so", "amd64"))
                .contains(Paths.get("/lib/x86_64-linux-gnu/libvendor.so"));
        assertThat(DynamicLoaderPath.parseLdconfig(MULTIARCH, "libvendor", "amd64")).isEmpty();
        assertThat(DynamicLoaderPath.parseLdconfig(MULTIARCH, "vendor.so.1", "amd64")).isEmpty();
    }
}
