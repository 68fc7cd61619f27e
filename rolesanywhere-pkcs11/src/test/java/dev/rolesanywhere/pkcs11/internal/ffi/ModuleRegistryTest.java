package dev.rolesanywhere.pkcs11.internal.ffi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.pkcs11.Pkcs11ModuleException;
import dev.rolesanywhere.testing.SoftHsmFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading, sharing and releasing modules, with the real SoftHSM2 module and deliberately wrong paths. Each test loads
 * its own copy of SoftHSM2 (the dynamic linker keeps one instance per file), so what it initialises and finalises is
 * its own and nothing else in this JVM sees it.
 */
class ModuleRegistryTest {
    private static Path installedSoftHsm;

    @TempDir
    Path temp;

    /** This test's private SoftHSM2. */
    private String softHsm;
    private final List<ModuleRegistry> registries = new ArrayList<>();

    @BeforeAll
    static void configureSoftHsm() throws Exception {
        installedSoftHsm = SoftHsmFixture.shared().modulePath().toRealPath();
    }

    @BeforeEach
    void privateCopy() throws Exception {
        softHsm = Files.copy(installedSoftHsm, temp.resolve("libsofthsm2.so")).toRealPath().toString();
    }

    @AfterEach
    void finalizeWhatTheTestInitialised() {
        for (ModuleRegistry r : registries) {
            r.finalizeUnused();
        }
    }

    private ModuleRegistry registry() {
        ModuleRegistry r = new ModuleRegistry(NativeAbi.current());
        registries.add(r);
        return r;
    }

    @Test
    @SuppressWarnings("try") // closes a resource early on purpose: a second close must not release twice
    void acquire_twice_sharesOneModuleAndCountsReferences() {
        ModuleRegistry registry = registry();
        try (ModuleHandle first = registry.acquire(softHsm); ModuleHandle second = registry.acquire(softHsm)) {
            assertThat(second.cryptoki()).isSameAs(first.cryptoki());
            assertThat(registry.references(softHsm)).isEqualTo(2);
            first.close();
            first.close();
            assertThat(registry.references(softHsm)).isEqualTo(1);
            assertThat(second.cryptoki().getInfo().manufacturerId()).isEqualTo("SoftHSM");
        }
        assertThat(registry.references(softHsm)).isZero();
    }

    @Test
    void lastRelease_leavesTheModuleInitialisedForOtherUsersInTheProcess() {
        ModuleRegistry registry = registry();
        long slot;
        try (ModuleHandle handle = registry.acquire(softHsm)) {
            assertThat(handle.initializedHere()).isTrue();
            assertThat(handle.callsSerialized()).isFalse();
            slot = handle.cryptoki().getSlotList(false)[0];
        }
        // Another library (here: a second registry, as SunPKCS11 would) finds it initialised and working.
        try (ModuleHandle other = registry().acquire(softHsm)) {
            assertThat(other.initializedHere()).isFalse();
            assertThat(other.cryptoki().getSlotInfo(slot).tokenPresent()).isTrue();
        }
        try (ModuleHandle again = registry.acquire(softHsm)) {
            assertThat(again.initializedHere()).isTrue();
        }
    }

    @Test
    void exclusiveLastRelease_finalizesSoThatTheNextAcquireInitializesAgain() {
        ModuleRegistry registry = registry();
        ModuleHandle first = registry.acquire(softHsm);
        ModuleHandle second = registry.acquire(softHsm);
        first.release(true);
        second.close();
        assertThat(registry.references(softHsm)).isZero();
        // Not the last release with finalisation asked for: still initialised, so another registry hears so.
        try (ModuleHandle other = registry().acquire(softHsm)) {
            assertThat(other.initializedHere()).isFalse();
        }

        registry.acquire(softHsm).release(true);

        // Had C_Finalize not run, this C_Initialize would answer CKR_CRYPTOKI_ALREADY_INITIALIZED.
        try (ModuleHandle again = registry.acquire(softHsm)) {
            assertThat(again.initializedHere()).isTrue();
        }
    }

    @Test
    void finalizeUnused_finalizesOnlyModulesItInitialisedThatNobodyHolds() {
        ModuleRegistry registry = registry();
        ModuleRegistry other = registry();
        ModuleHandle held = registry.acquire(softHsm);
        other.acquire(softHsm).close();

        assertThat(other.finalizeUnused()).isZero();
        assertThat(registry.finalizeUnused()).isZero();
        assertThat(held.cryptoki().getSlotList(false)).isNotEmpty();
        held.close();
        assertThat(registry.finalizeUnused()).isEqualTo(1);

        try (ModuleHandle again = other.acquire(softHsm)) {
            assertThat(again.initializedHere()).isTrue();
        }
    }

    @Test
    void moduleInitializedByAnotherComponent_isSharedAndNeverFinalized() {
        ModuleRegistry owner = registry();
        ModuleRegistry other = registry();
        try (ModuleHandle owned = owner.acquire(softHsm)) {
            long slot;
            ModuleHandle shared = other.acquire(softHsm);
            assertThat(shared.initializedHere()).isFalse();
            slot = shared.cryptoki().getSlotList(false)[0];
            shared.release(true);
            // The other registry let go without C_Finalize, so the owner's module still answers.
            assertThat(owned.cryptoki().getSlotInfo(slot).tokenPresent()).isTrue();
            assertThat(owned.cryptoki().getTokenInfo(slot).manufacturerId()).isEqualTo("SoftHSM project");
            assertThat(owned.initializedHere()).isTrue();
        }
    }

    @Test
    void acquire_throughASymlink_resolvesToTheSameModule() throws Exception {
        Path link = Files.createSymbolicLink(temp.resolve("libsofthsm-link.so"), Path.of(softHsm));
        ModuleRegistry registry = registry();
        try (ModuleHandle direct = registry.acquire(softHsm);
             ModuleHandle viaLink = registry.acquire(link.toString())) {
            assertThat(viaLink.path()).isEqualTo(softHsm);
            assertThat(viaLink.cryptoki()).isSameAs(direct.cryptoki());
            assertThat(registry.references(softHsm)).isEqualTo(2);
        }
    }

    @Test
    void closedHandle_refusesFurtherUse() {
        ModuleRegistry registry = registry();
        ModuleHandle handle = registry.acquire(softHsm);
        handle.close();
        assertThatThrownBy(handle::cryptoki).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(registry.references(softHsm)).isZero();
    }

    @Test
    void missingFile_namesThePathAndTheFix() {
        String path = temp.resolve("nope/libpkcs11.so").toString();
        assertThatThrownBy(() -> ModuleRegistry.global().acquire(path))
                .isInstanceOf(Pkcs11ModuleException.class)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(path)
                .hasMessageContaining("does not exist")
                .satisfies(e -> assertThat(((Pkcs11ModuleException) e).modulePath()).isEqualTo(path));
    }

    @Test
    void directory_isRejectedBeforeDlopen() {
        assertThatThrownBy(() -> ModuleRegistry.global().acquire(temp.toString()))
                .isInstanceOf(Pkcs11ModuleException.class)
                .hasMessageContaining("is not a file but a directory");
    }

    @Test
    void blankPath_asksForAModulePath() {
        assertThatThrownBy(() -> ModuleRegistry.global().acquire(" "))
                .isInstanceOf(Pkcs11ModuleException.class)
                .hasMessageContaining("No PKCS#11 module path given");
        assertThatThrownBy(() -> ModuleRegistry.global().acquire(null))
                .isInstanceOf(Pkcs11ModuleException.class);
    }

    @Test
    void fileThatIsNotASharedLibrary_reportsTheLoaderError() throws Exception {
        // Longer than an ELF header, so the loader reads it and complains about the content rather than the size.
        Path text = Files.write(temp.resolve("module.so"), "not an ELF file. ".repeat(20).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ModuleRegistry.global().acquire(text.toString()))
                .isInstanceOf(Pkcs11ModuleException.class)
                .hasMessageStartingWith("Cannot load PKCS#11 module " + text.toRealPath())
                .hasMessageContaining("invalid ELF header")
                .hasMessageContaining("built for this JVM's platform");
    }

    @Test
    void sharedLibraryWithoutGetFunctionList_isNotAPkcs11Module() throws Exception {
        Path source = Files.write(temp.resolve("plain.c"),
                "int plain_function(void) { return 42; }\n".getBytes(StandardCharsets.UTF_8));
        Path library = temp.resolve("libplain.so");
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-o", library.toString(), source.toString())
                .redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gcc.exitValue()).as(output).isZero();

        assertThatThrownBy(() -> ModuleRegistry.global().acquire(library.toString()))
                .isInstanceOf(Pkcs11ModuleException.class)
                .hasMessageContaining("does not export C_GetFunctionList")
                .hasMessageContaining(library.toRealPath().toString());
    }
}
