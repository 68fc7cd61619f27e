package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.pkcs11.internal.module.PlatformDefaults;
import dev.rolesanywhere.testing.SoftHsmFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleLocatorTest {
    @TempDir
    Path root;

    private Path moduleDirA;
    private Path moduleDirB;
    private Path libDirA;
    private Path libDirB;
    private ModuleLocator locator;

    @BeforeEach
    void directories() throws Exception {
        moduleDirA = Files.createDirectories(root.resolve("etc/pkcs11/modules"));
        moduleDirB = Files.createDirectories(root.resolve("usr/share/p11-kit/modules"));
        libDirA = Files.createDirectories(root.resolve("usr/lib/pkcs11"));
        libDirB = Files.createDirectories(root.resolve("usr/lib"));
        locator = ModuleLocator.builder()
                .p11KitModuleDirectories(Arrays.asList(moduleDirA, moduleDirB))
                .libraryDirectories(Arrays.asList(libDirA, libDirB))
                .librarySuffixes(Collections.singletonList(".so"))
                .proxyFileNames(Collections.singletonList("p11-kit-proxy.so"))
                .build();
    }

    private static Path touch(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        return Files.write(p, new byte[] {0x7f, 'E', 'L', 'F'});
    }

    private static void moduleFile(Path dir, String name, String content) throws Exception {
        Files.write(dir.resolve(name + ".module"), content.getBytes(StandardCharsets.UTF_8));
    }

    @Nested
    class ModulePath {
        @Test
        void anExistingFile_isUsedAsIs() throws Exception {
            Path lib = touch(root.resolve("opt/vendor/libvendor.so"));
            assertThat(locator.locate(Pkcs11Uri.builder().modulePath(lib.toString()).moduleName("ignored").build()))
                    .isEqualTo(lib);
        }

        @Test
        void aMissingFile_isATypedErrorNamingIt() {
            String missing = root.resolve("nope.so").toString();
            assertThatThrownBy(() -> locator.locate(Pkcs11Uri.builder().modulePath(missing).build()))
                    .isInstanceOf(Pkcs11ModuleException.class).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(missing).hasMessageContaining("does not exist");
        }

        @Test
        void aRelativePath_isRefused() {
            assertThatThrownBy(() -> locator.locate(Pkcs11Uri.parse("pkcs11:?module-path=lib/x.so")))
                    .isInstanceOf(Pkcs11ModuleException.class).hasMessageContaining("'lib/x.so' is relative");
        }

        @Test
        void aDirectory_isSearchedForTheModuleName() throws Exception {
            Path lib = touch(root.resolve("opt/vendor/libacme.so"));
            Pkcs11Uri uri = Pkcs11Uri.builder().modulePath(lib.getParent().toString()).moduleName("acme").build();
            assertThat(locator.locate(uri)).isEqualTo(lib);
        }

        @Test
        void aDirectoryWithoutModuleName_isATypedError() {
            Pkcs11Uri uri = Pkcs11Uri.builder().modulePath(root.toString()).build();
            assertThatThrownBy(() -> locator.locate(uri)).isInstanceOf(Pkcs11ModuleException.class)
                    .hasMessageContaining("is a directory").hasMessageContaining("module-name");
        }

        @Test
        void aDirectoryWithoutTheNamedModule_listsWhatWasTried() {
            Pkcs11Uri uri = Pkcs11Uri.builder().modulePath(root.toString()).moduleName("ghost").build();
            assertThatThrownBy(() -> locator.locate(uri)).isInstanceOf(Pkcs11ModuleException.class)
                    .hasMessageContaining(root.resolve("libghost.so").toString());
        }
    }

    @Nested
    class ModuleName {
        @Test
        void p11KitModuleFile_withAbsoluteModuleLine_wins() throws Exception {
            Path lib = touch(root.resolve("opt/hsm/libhsm-pkcs11.so"));
            touch(libDirA.resolve("libhsm.so"));
            moduleFile(moduleDirB, "hsm", "# vendor module\n\nmodule: " + lib + "\ncritical: yes\n");
            assertThat(locator.locate(Pkcs11Uri.parse("pkcs11:?module-name=hsm"))).isEqualTo(lib);
        }

        @Test
        void p11KitModuleFile_withRelativeModuleLine_isResolvedInTheLibraryDirectories() throws Exception {
            Path lib = touch(libDirB.resolve("opensc-pkcs11.so"));
            moduleFile(moduleDirA, "opensc-pkcs11", "module: opensc-pkcs11.so\n");
            assertThat(locator.locateModuleName("opensc-pkcs11")).isEqualTo(lib);
        }

        @Test
        void earlierP11KitDirectory_overridesLaterOne() throws Exception {
            Path first = touch(root.resolve("a/liba.so"));
            Path second = touch(root.resolve("b/libb.so"));
            moduleFile(moduleDirA, "token", "module: " + first + "\n");
            moduleFile(moduleDirB, "token", "module: " + second + "\n");
            assertThat(locator.locateModuleName("token")).isEqualTo(first);
        }

        @Test
        void moduleFileNamingAMissingLibrary_fallsBackToLibraryDirectories() throws Exception {
            moduleFile(moduleDirA, "acme", "module: " + root.resolve("gone.so") + "\n");
            Path lib = touch(libDirB.resolve("libacme.so"));
            assertThat(locator.locateModuleName("acme")).isEqualTo(lib);
        }

        @Test
        void moduleFileNamedOtherwise_isFoundByTheLibraryItLoads() throws Exception {
            Path lib = touch(root.resolve("opt/vendor/libvendorhsm.so.2"));
            moduleFile(moduleDirB, "vendor-hsm", "module: " + lib + "\n");
            assertThat(locator.locateModuleName("vendorhsm")).isEqualTo(lib);
        }

        @Test
        void libraryDirectories_tryNameAndLibPrefixWithSuffix() throws Exception {
            Path plain = touch(libDirB.resolve("plain.so"));
            Path prefixed = touch(libDirA.resolve("libprefixed.so"));
            Path exact = touch(libDirB.resolve("exact.so"));
            assertThat(locator.locateModuleName("plain")).isEqualTo(plain);
            assertThat(locator.locateModuleName("prefixed")).isEqualTo(prefixed);
            assertThat(locator.locateModuleName("libprefixed")).isEqualTo(prefixed);
            assertThat(locator.locateModuleName("exact.so")).isEqualTo(exact);
        }

        @Test
        void notFound_listsEverythingSearchedAndTheFix() {
            assertThatThrownBy(() -> locator.locateModuleName("ghost"))
                    .isInstanceOf(Pkcs11ModuleException.class)
                    .hasMessageContaining("'ghost' not found")
                    .hasMessageContaining(moduleDirA.resolve("ghost.module").toString())
                    .hasMessageContaining(moduleDirB.resolve("ghost.module").toString())
                    .hasMessageContaining(libDirA.resolve("libghost.so").toString())
                    .hasMessageContaining(libDirB.resolve("ghost.so").toString())
                    .hasMessageContaining("module-path=");
        }

        @Test
        void aNameWithAPathSeparator_isRefused() {
            assertThatThrownBy(() -> locator.locateModuleName("../evil")).isInstanceOf(Pkcs11UriException.class)
                    .hasMessageContaining("'../evil'");
        }
    }

    @Nested
    class Fallbacks {
        @Test
        void configuredModule_isUsedWhenTheUriNamesNone() throws Exception {
            Path configured = touch(root.resolve("configured/libconf.so"));
            ModuleLocator l = locator.toBuilder().configuredModule(configured).build();
            assertThat(l.locate(Pkcs11Uri.parse("pkcs11:token=t"))).isEqualTo(configured);
        }

        @Test
        void uriModuleName_beatsTheConfiguredModule() throws Exception {
            Path configured = touch(root.resolve("configured/libconf.so"));
            Path named = touch(libDirA.resolve("libnamed.so"));
            ModuleLocator l = locator.toBuilder().configuredModule(configured).build();
            assertThat(l.locate(Pkcs11Uri.parse("pkcs11:?module-name=named"))).isEqualTo(named);
        }

        @Test
        void missingConfiguredModule_isATypedErrorNotASilentFallback() throws Exception {
            touch(libDirB.resolve("p11-kit-proxy.so"));
            Path missing = root.resolve("configured/missing.so");
            ModuleLocator l = locator.toBuilder().configuredModule(missing).build();
            assertThatThrownBy(() -> l.locate(Pkcs11Uri.any())).isInstanceOf(Pkcs11ModuleException.class)
                    .hasMessageContaining(missing.toString());
        }

        @Test
        void proxy_isTheLastResort() throws Exception {
            Path proxy = touch(libDirB.resolve("p11-kit-proxy.so"));
            assertThat(locator.locate(Pkcs11Uri.any())).isEqualTo(proxy);
        }

        @Test
        void noProxy_isATypedErrorSayingWhatToConfigure() {
            assertThatThrownBy(() -> locator.locate(Pkcs11Uri.any())).isInstanceOf(Pkcs11ModuleException.class)
                    .hasMessageContaining(libDirA.resolve("p11-kit-proxy.so").toString())
                    .hasMessageContaining("module-path=").hasMessageContaining("p11-kit");
        }
    }

    @Nested
    class RealSystem {
        @Test
        void defaultLocator_findsTheInstalledP11KitProxy() {
            Path proxy = ModuleLocator.create().locate(Pkcs11Uri.any());
            assertThat(proxy.getFileName().toString()).isEqualTo("p11-kit-proxy.so");
            assertThat(proxy).isRegularFile();
        }

        @Test
        void defaultLocator_findsSoftHsm2ByModuleName() throws Exception {
            Path found = ModuleLocator.create().locate(Pkcs11Uri.parse("pkcs11:?module-name=softhsm2"));
            assertThat(found.toRealPath()).isEqualTo(SoftHsmFixture.shared().modulePath().toRealPath());
        }
    }

    @Nested
    class P11KitModules {
        @Test
        void areTheLibrariesTheProxyLoads_userFilesHidingSystemFilesOfTheSameName() throws Exception {
            Path vendor = touch(libDirA.resolve("libvendor.so"));
            Path userVendor = touch(root.resolve("home/lib/libvendor-user.so"));
            Path trust = touch(libDirB.resolve("p11-kit-trust.so"));
            Path onlyElsewhere = touch(libDirB.resolve("libother.so"));
            moduleFile(moduleDirA, "vendor", "module: " + userVendor + "\n");
            moduleFile(moduleDirB, "vendor", "module: libvendor.so\n");
            moduleFile(moduleDirB, "p11-kit-trust", "module: p11-kit-trust.so\ndisable-in: p11-kit-proxy\n");
            moduleFile(moduleDirB, "other", "module: libother.so\nenable-in: p11-kit-proxy, firefox\n");
            moduleFile(moduleDirB, "browser-only", "module: libvendor.so\nenable-in: firefox\n");

            assertThat(locator.p11KitModules()).containsExactly(userVendor, onlyElsewhere)
                    .doesNotContain(vendor, trust);
        }
    }

    @Nested
    class DynamicLoader {
        @Test
        void aBareLibraryNameOnlyTheLdCacheKnows_isFoundWhereDlopenWouldLoadIt() {
            // p11-kit's library is itself a PKCS#11 module (the proxy), and ldconfig lists it by soname.
            ModuleLocator nothingElse = ModuleLocator.builder()
                    .p11KitModuleDirectories(Collections.emptyList())
                    .libraryDirectories(Collections.emptyList())
                    .build();
            Path found = nothingElse.locateModuleName("libp11-kit.so.0");
            assertThat(found).isAbsolute().isRegularFile();
            assertThat(found.getFileName().toString()).isEqualTo("libp11-kit.so.0");
        }

        @Test
        void theLoaderLibraryPath_isSearchedForAllSpellingsOfTheName() throws Exception {
            Path vendor = touch(root.resolve("opt/vendor/lib64/libvendor-p11.so"));
            ModuleLocator withPath = locator.toBuilder()
                    .loaderLibraryPath(Collections.singletonList(vendor.getParent())).build();
            assertThat(withPath.locateModuleName("libvendor-p11.so")).isEqualTo(vendor);
            assertThat(withPath.locateModuleName("vendor-p11")).isEqualTo(vendor);
        }

        @Test
        void aNameFoundNowhere_listsTheLoaderPlacesSearched() throws Exception {
            Path dir = Files.createDirectories(root.resolve("opt/empty"));
            ModuleLocator withPath = locator.toBuilder().loaderLibraryPath(Collections.singletonList(dir)).build();
            assertThatThrownBy(() -> withPath.locateModuleName("libno-such-module-here.so"))
                    .isInstanceOf(Pkcs11ModuleException.class)
                    .hasMessageContaining(dir.resolve("libno-such-module-here.so").toString())
                    .hasMessageContaining("ld.so cache");
        }

        @Test
        void loaderDirectories_comeFromTheEnvironment_absoluteEntriesOnly() {
            assertThat(PlatformDefaults.forPlatform("Linux", "amd64", Paths.get("/home/u"),
                    Collections.singletonMap("LD_LIBRARY_PATH", "/opt/a::relative/lib:/opt/b")).loaderDirectories())
                    .containsExactly(Paths.get("/opt/a"), Paths.get("/opt/b"));
            assertThat(PlatformDefaults.forPlatform("Mac OS X", "aarch64", Paths.get("/Users/u"),
                    Collections.singletonMap("DYLD_LIBRARY_PATH", "/opt/m")).loaderDirectories())
                    .containsExactly(Paths.get("/opt/m"));
        }

        @Test
        void aRelativeConfiguredModule_isRefused() {
            assertThatThrownBy(() -> ModuleLocator.builder().configuredModule(Paths.get("lib/libsofthsm2.so")))
                    .isInstanceOf(Pkcs11ModuleException.class)
                    .hasMessageContaining("'lib/libsofthsm2.so' is a relative path");
        }
    }

    @Nested
    class Platforms {
        @Test
        void macOs_usesDylibNamesForTheProxy() {
            PlatformDefaults mac = PlatformDefaults.forPlatform("Mac OS X", "aarch64", Paths.get("/Users/u"),
                    Collections.emptyMap());
            assertThat(mac.proxyFileNames()).contains("p11-kit-proxy.dylib");
            assertThat(mac.librarySuffixes()).startsWith(".dylib");
            assertThat(mac.p11KitModuleDirectories()).contains(Paths.get("/Users/u/.config/pkcs11/modules"));
        }

        @Test
        void windows_usesDllNamesForTheProxy() {
            PlatformDefaults win = PlatformDefaults.forPlatform("Windows 11", "amd64", Paths.get("C:/Users/u"),
                    Collections.emptyMap());
            assertThat(win.proxyFileNames()).contains("p11-kit-proxy.dll");
            assertThat(win.librarySuffixes()).containsExactly(".dll");
        }

        @Test
        void linuxArm64_searchesItsMultiarchDirectories() {
            PlatformDefaults arm = PlatformDefaults.forPlatform("Linux", "aarch64", Paths.get("/home/u"),
                    Collections.emptyMap());
            assertThat(arm.libraryDirectories()).startsWith(Paths.get("/usr/lib/aarch64-linux-gnu/pkcs11"))
                    .contains(Paths.get("/usr/lib/aarch64-linux-gnu"), Paths.get("/usr/lib64/pkcs11"));
            assertThat(arm.p11KitModuleDirectories()).containsSequence(Paths.get("/home/u/.config/pkcs11/modules"),
                    Paths.get("/etc/pkcs11/modules"), Paths.get("/usr/share/p11-kit/modules"));
        }
    }
}
