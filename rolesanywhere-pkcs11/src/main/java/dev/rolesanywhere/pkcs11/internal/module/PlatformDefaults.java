package dev.rolesanywhere.pkcs11.internal.module;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Where PKCS#11 modules and p11-kit configuration live on Linux, macOS and Windows. */
public final class PlatformDefaults {
    private final List<Path> p11KitModuleDirectories;
    private final List<Path> libraryDirectories;
    private final List<String> librarySuffixes;
    private final List<String> proxyFileNames;
    private final List<Path> loaderDirectories;

    private PlatformDefaults(List<Path> p11KitModuleDirectories, List<Path> libraryDirectories,
            List<String> librarySuffixes, List<String> proxyFileNames, List<Path> loaderDirectories) {
        this.p11KitModuleDirectories = Collections.unmodifiableList(p11KitModuleDirectories);
        this.libraryDirectories = Collections.unmodifiableList(libraryDirectories);
        this.librarySuffixes = Collections.unmodifiableList(librarySuffixes);
        this.proxyFileNames = Collections.unmodifiableList(proxyFileNames);
        this.loaderDirectories = Collections.unmodifiableList(loaderDirectories);
    }

    /** Defaults for the running JVM's operating system, architecture and environment. */
    public static PlatformDefaults current() {
        return forPlatform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                Paths.get(System.getProperty("user.home", "/")), System.getenv());
    }

    public static PlatformDefaults forPlatform(String osName, String osArch, Path home,
            Map<String, String> environment) {
        String os = osName.toLowerCase(Locale.ROOT);
        List<Path> loader = DynamicLoaderPath.environmentDirectories(osName, environment);
        if (os.startsWith("windows")) {
            Path system32 = Paths.get(environment.getOrDefault("SystemRoot", "C:\\Windows"), "System32");
            return new PlatformDefaults(new ArrayList<>(),
                    paths(system32.toString(), "C:\\Program Files\\OpenSC Project\\OpenSC\\pkcs11"),
                    Arrays.asList(".dll"), Arrays.asList("p11-kit-proxy.dll", "libp11-kit-0.dll"), loader);
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            List<Path> p11kit = new ArrayList<>();
            p11kit.add(home.resolve(".config/pkcs11/modules"));
            p11kit.addAll(paths("/opt/homebrew/etc/pkcs11/modules", "/usr/local/etc/pkcs11/modules",
                    "/opt/homebrew/share/p11-kit/modules", "/usr/local/share/p11-kit/modules"));
            return new PlatformDefaults(p11kit,
                    paths("/opt/homebrew/lib/pkcs11", "/usr/local/lib/pkcs11", "/opt/homebrew/lib", "/usr/local/lib",
                            "/Library/OpenSC/lib"),
                    Arrays.asList(".dylib", ".so"), Arrays.asList("p11-kit-proxy.dylib", "p11-kit-proxy.so"), loader);
        }
        String multiarch = multiarch(osArch);
        List<Path> p11kit = new ArrayList<>();
        // user files first: p11-kit lets them override system ones (except for root, which it restricts itself)
        p11kit.add(home.resolve(".config/pkcs11/modules"));
        p11kit.addAll(paths("/etc/pkcs11/modules", "/usr/share/p11-kit/modules", "/usr/local/share/p11-kit/modules"));
        List<Path> libs = new ArrayList<>();
        if (multiarch != null) {
            libs.add(Paths.get("/usr/lib", multiarch, "pkcs11"));
        }
        libs.addAll(paths("/usr/lib64/pkcs11", "/usr/lib/pkcs11", "/usr/local/lib/pkcs11"));
        if (multiarch != null) {
            libs.add(Paths.get("/usr/lib", multiarch));
        }
        libs.addAll(paths("/usr/lib64", "/usr/lib", "/usr/local/lib64", "/usr/local/lib"));
        return new PlatformDefaults(p11kit, libs, Arrays.asList(".so"), Arrays.asList("p11-kit-proxy.so"), loader);
    }

    private static String multiarch(String osArch) {
        switch (osArch) {
            case "amd64":
            case "x86_64":
                return "x86_64-linux-gnu";
            case "aarch64":
            case "arm64":
                return "aarch64-linux-gnu";
            case "arm":
                return "arm-linux-gnueabihf";
            case "ppc64le":
                return "powerpc64le-linux-gnu";
            case "s390x":
                return "s390x-linux-gnu";
            case "riscv64":
                return "riscv64-linux-gnu";
            default:
                return null;
        }
    }

    private static List<Path> paths(String... paths) {
        List<Path> out = new ArrayList<>();
        for (String p : paths) {
            out.add(Paths.get(p));
        }
        return out;
    }

    public List<Path> p11KitModuleDirectories() {
        return p11KitModuleDirectories;
    }

    public List<Path> libraryDirectories() {
        return libraryDirectories;
    }

    public List<String> librarySuffixes() {
        return librarySuffixes;
    }

    public List<String> proxyFileNames() {
        return proxyFileNames;
    }

    /** The dynamic loader's search-path directories from the environment ({@code LD_LIBRARY_PATH} and the like). */
    public List<Path> loaderDirectories() {
        return loaderDirectories;
    }
}
