package dev.rolesanywhere.pkcs11;

import dev.rolesanywhere.pkcs11.internal.module.DynamicLoaderPath;
import dev.rolesanywhere.pkcs11.internal.module.P11KitModuleFiles;
import dev.rolesanywhere.pkcs11.internal.module.PlatformDefaults;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the PKCS#11 module (shared library) to load for a {@link Pkcs11Uri}, in this order:
 * <ol>
 *   <li>the URI's {@code module-path} (a file, or a directory searched for {@code module-name});</li>
 *   <li>the URI's {@code module-name}, looked up like p11-kit does: a {@code <name>.module} file in the p11-kit
 *       configuration directories (its {@code module:} line), then the library directories with {@code lib} prefix and
 *       platform suffix variants, then where the platform's dynamic loader would find it ({@code LD_LIBRARY_PATH}
 *       and the like, then the {@code ld.so} cache);</li>
 *   <li>the {@linkplain Builder#configuredModule(Path) configured module} of the application;</li>
 *   <li>{@code p11-kit-proxy} (every module p11-kit knows about), searched in the library directories.</li>
 * </ol>
 *
 * <p>A module that cannot be found is a {@link Pkcs11ModuleException} listing every place searched and how to fix
 * it. Immutable and thread-safe; the file system is read on each call, so installing a module needs no restart.
 */
public final class ModuleLocator {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleLocator.class);

    private final List<Path> p11KitModuleDirectories;
    private final List<Path> libraryDirectories;
    private final List<String> librarySuffixes;
    private final List<String> proxyFileNames;
    private final List<Path> loaderLibraryPath;
    private final Path configuredModule;

    private ModuleLocator(BuilderImpl b) {
        this.p11KitModuleDirectories = Collections.unmodifiableList(new ArrayList<>(b.p11KitModuleDirectories));
        this.libraryDirectories = Collections.unmodifiableList(new ArrayList<>(b.libraryDirectories));
        this.librarySuffixes = Collections.unmodifiableList(new ArrayList<>(b.librarySuffixes));
        this.proxyFileNames = Collections.unmodifiableList(new ArrayList<>(b.proxyFileNames));
        this.loaderLibraryPath = Collections.unmodifiableList(new ArrayList<>(b.loaderLibraryPath));
        this.configuredModule = b.configuredModule;
    }

    /** A locator with this platform's standard directories and no configured module. */
    public static ModuleLocator create() {
        return builder().build();
    }

    /** A builder preset with this platform's standard directories. */
    public static Builder builder() {
        return new BuilderImpl(PlatformDefaults.current());
    }

    public Builder toBuilder() {
        return new BuilderImpl(this);
    }

    public List<Path> p11KitModuleDirectories() {
        return p11KitModuleDirectories;
    }

    public List<Path> libraryDirectories() {
        return libraryDirectories;
    }

    public List<Path> loaderLibraryPath() {
        return loaderLibraryPath;
    }

    public Optional<Path> configuredModule() {
        return Optional.ofNullable(configuredModule);
    }

    /**
     * The module for {@code uri}, following the order in the class description.
     *
     * @throws Pkcs11ModuleException when the chosen source names a module that does not exist, or nothing is found
     */
    public Path locate(Pkcs11Uri uri) {
        Objects.requireNonNull(uri, "uri");
        Optional<String> name = uri.moduleName();
        if (uri.modulePath().isPresent()) {
            return fromModulePath(uri.modulePath().get(), name.orElse(null));
        }
        if (name.isPresent()) {
            return locateModuleName(name.get());
        }
        if (configuredModule != null) {
            if (!Files.isRegularFile(configuredModule)) {
                throw new Pkcs11ModuleException(configuredModule.toString(), "The configured PKCS#11 module "
                        + configuredModule + " does not exist or is not a file: correct the configured path, or "
                        + "name the module in the URI with module-path=/path/to/module.so");
            }
            LOG.debug("PKCS#11 module {} (configured)", configuredModule);
            return configuredModule;
        }
        return locateProxy();
    }

    /**
     * The module called {@code name} (e.g. {@code softhsm2}, {@code opensc-pkcs11}, {@code libvendor.so}): a p11-kit
     * {@code name.module} file first, then {@code name}, {@code libname} with each platform suffix in the library
     * directories, then in the dynamic loader's search path and (Linux) its {@code ld.so} cache.
     */
    public Path locateModuleName(String name) {
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            throw new Pkcs11UriException("module-name '" + name + "' is not a bare module name: write a name such as "
                    + "softhsm2, or give the file with module-path");
        }
        List<String> searched = new ArrayList<>();
        for (Path dir : p11KitModuleDirectories) {
            Path moduleFile = dir.resolve(name + ".module");
            searched.add(moduleFile.toString());
            Optional<String> module = P11KitModuleFiles.moduleValue(moduleFile);
            if (module.isPresent()) {
                Path found = resolveModuleValue(module.get(), searched);
                if (found != null) {
                    LOG.debug("PKCS#11 module {} for module-name {} (from {})", found, name, moduleFile);
                    return found;
                }
            }
        }
        // module files named after something else whose library is libNAME.so (e.g. opensc.module -> libopensc.so)
        for (Path dir : p11KitModuleDirectories) {
            for (Path moduleFile : P11KitModuleFiles.list(dir)) {
                Optional<String> module = P11KitModuleFiles.moduleValue(moduleFile);
                if (module.isPresent() && libraryBaseName(module.get()).equals(libraryBaseName(name))) {
                    Path found = resolveModuleValue(module.get(), searched);
                    if (found != null) {
                        LOG.debug("PKCS#11 module {} for module-name {} (library named in {})", found, name,
                                moduleFile);
                        return found;
                    }
                }
            }
        }
        Path found = searchLibraryDirectories(libraryDirectories, candidateFileNames(name), searched);
        if (found != null) {
            LOG.debug("PKCS#11 module {} for module-name {}", found, name);
            return found;
        }
        // What dlopen(name) would find, as the reference tool loads a bare --pkcs11-lib: the name as given first.
        Set<String> loaderNames = new LinkedHashSet<>();
        loaderNames.add(name);
        loaderNames.addAll(candidateFileNames(name));
        List<String> loaderFileNames = new ArrayList<>(loaderNames);
        found = searchLibraryDirectories(loaderLibraryPath, loaderFileNames, searched);
        if (found == null) {
            found = DynamicLoaderPath.fromLdCache(loaderFileNames).orElse(null);
            searched.add("the ld.so cache (ldconfig -p)");
        }
        if (found != null) {
            LOG.debug("PKCS#11 module {} for module-name {} (dynamic loader's search)", found, name);
            return found;
        }
        throw new Pkcs11ModuleException(name, "PKCS#11 module '" + name + "' not found. Searched: "
                + String.join(", ", searched) + ". Fix: install the module, add a p11-kit file " + name
                + ".module with a 'module: /path/to/library' line, or give the file with module-path=/path/to/library");
    }

    /**
     * The modules p11-kit's module files name, resolved to files: what the proxy loads. A module file in an earlier
     * directory hides one of the same name in a later one, as p11-kit's user configuration overrides the system's;
     * modules kept out of the proxy ({@code disable-in}, {@code enable-in}) are left out. The settings of
     * {@code pkcs11.conf} (such as {@code user-config}) are not interpreted.
     */
    public List<Path> p11KitModules() {
        Set<String> fileNames = new LinkedHashSet<>();
        Set<Path> modules = new LinkedHashSet<>();
        for (Path dir : p11KitModuleDirectories) {
            for (Path moduleFile : P11KitModuleFiles.list(dir)) {
                if (!fileNames.add(moduleFile.getFileName().toString())
                        || !P11KitModuleFiles.loadedByProxy(moduleFile)) {
                    continue;
                }
                Optional<String> value = P11KitModuleFiles.moduleValue(moduleFile);
                if (value.isPresent()) {
                    Path found = resolveModuleValue(value.get(), new ArrayList<>());
                    if (found != null) {
                        modules.add(found);
                    }
                }
            }
        }
        return new ArrayList<>(modules);
    }

    /** {@code p11-kit-proxy}, which exposes every module p11-kit is configured with. */
    public Path locateProxy() {
        List<String> searched = new ArrayList<>();
        Path found = searchLibraryDirectories(libraryDirectories, proxyFileNames, searched);
        if (found != null) {
            LOG.debug("PKCS#11 module {} (p11-kit proxy: no module named in the URI or configuration)", found);
            return found;
        }
        throw new Pkcs11ModuleException(String.join("|", proxyFileNames), "No PKCS#11 module was named and "
                + "p11-kit-proxy was not found. Searched: " + String.join(", ", searched) + ". Fix: add "
                + "module-path=/path/to/module.so (or module-name=...) to the pkcs11: URI, configure the module, or "
                + "install p11-kit (Debian/Ubuntu: p11-kit-modules; RHEL: p11-kit)");
    }

    private Path fromModulePath(String modulePath, String moduleName) {
        Path path;
        try {
            path = Paths.get(modulePath);
        } catch (InvalidPathException e) {
            throw new Pkcs11ModuleException(modulePath, "module-path '" + modulePath + "' is not a valid path: "
                    + e.getReason(), e);
        }
        if (!path.isAbsolute()) {
            // a relative path would depend on the working directory, and could load a planted library
            throw new Pkcs11ModuleException(modulePath, "module-path '" + modulePath + "' is relative: give an "
                    + "absolute path, e.g. module-path=/usr/lib/softhsm/libsofthsm2.so");
        }
        if (Files.isDirectory(path)) {
            if (moduleName == null) {
                throw new Pkcs11ModuleException(modulePath, "module-path '" + modulePath + "' is a directory: add "
                        + "module-name=<name> to choose a module in it, or give the module file itself");
            }
            List<String> searched = new ArrayList<>();
            Path found = searchLibraryDirectories(Collections.singletonList(path), candidateFileNames(moduleName),
                    searched);
            if (found == null) {
                throw new Pkcs11ModuleException(modulePath, "PKCS#11 module '" + moduleName + "' not found in "
                        + "module-path directory " + path + ". Searched: " + String.join(", ", searched)
                        + ". Fix: correct module-name, or give the module file in module-path");
            }
            return found;
        }
        if (!Files.isRegularFile(path)) {
            throw new Pkcs11ModuleException(modulePath, "module-path '" + modulePath + "' does not exist: install "
                    + "the PKCS#11 module there or correct module-path in the pkcs11: URI");
        }
        LOG.debug("PKCS#11 module {} (module-path)", path);
        return path;
    }

    // p11-kit resolves a relative 'module:' value against its module directory; here that is each library directory
    private Path resolveModuleValue(String value, List<String> searched) {
        Path p;
        try {
            p = Paths.get(value);
        } catch (InvalidPathException e) {
            return null;
        }
        if (p.isAbsolute()) {
            searched.add(p.toString());
            return Files.isRegularFile(p) ? p : null;
        }
        return searchLibraryDirectories(libraryDirectories, Collections.singletonList(value), searched);
    }

    /** {@code /usr/lib/libfoo.so.1} and {@code foo} both give {@code foo}. */
    private String libraryBaseName(String value) {
        String base = value;
        int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        base = base.substring(slash + 1);
        for (String suffix : librarySuffixes) {
            int at = base.indexOf(suffix);
            if (at > 0) {
                base = base.substring(0, at);
                break;
            }
        }
        return base.startsWith("lib") && base.length() > 3 ? base.substring(3) : base;
    }

    private List<String> candidateFileNames(String name) {
        Set<String> names = new LinkedHashSet<>();
        for (String suffix : librarySuffixes) {
            if (name.endsWith(suffix)) {
                names.add(name);
            }
        }
        for (String suffix : librarySuffixes) {
            names.add(name + suffix);
            if (!name.startsWith("lib")) {
                names.add("lib" + name + suffix);
            }
        }
        return new ArrayList<>(names);
    }

    private static Path searchLibraryDirectories(List<Path> dirs, List<String> fileNames, List<String> searched) {
        for (Path dir : dirs) {
            for (String fileName : fileNames) {
                Path candidate = dir.resolve(fileName);
                searched.add(candidate.toString());
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ModuleLocator[p11KitModuleDirectories=" + p11KitModuleDirectories + ", libraryDirectories="
                + libraryDirectories + ", configuredModule=" + configuredModule + "]";
    }

    /** Builds a {@link ModuleLocator}; collections are copied. */
    public interface Builder {
        /** Directories searched, in order, for p11-kit {@code <name>.module} files. */
        Builder p11KitModuleDirectories(List<Path> directories);

        /** Directories searched, in order, for module files and {@code p11-kit-proxy}. */
        Builder libraryDirectories(List<Path> directories);

        /** File name endings tried after a module name, e.g. {@code .so}. */
        Builder librarySuffixes(List<String> suffixes);

        /** File names of the p11-kit proxy module on this platform. */
        Builder proxyFileNames(List<String> fileNames);

        /**
         * Directories the platform's dynamic loader searches first, tried for a module name found nowhere else.
         * Default: this process's {@code LD_LIBRARY_PATH} ({@code DYLD_LIBRARY_PATH} and
         * {@code DYLD_FALLBACK_LIBRARY_PATH} on macOS, {@code PATH} on Windows).
         */
        Builder loaderLibraryPath(List<Path> directories);

        /**
         * The module the application configured, used when the URI names none; {@code null} for none.
         *
         * @throws Pkcs11ModuleException when the path is relative: it would depend on the working directory and could
         *     load a planted library
         */
        Builder configuredModule(Path module);

        ModuleLocator build();
    }

    private static final class BuilderImpl implements Builder {
        private List<Path> p11KitModuleDirectories;
        private List<Path> libraryDirectories;
        private List<String> librarySuffixes;
        private List<String> proxyFileNames;
        private List<Path> loaderLibraryPath;
        private Path configuredModule;

        BuilderImpl(PlatformDefaults defaults) {
            this.p11KitModuleDirectories = defaults.p11KitModuleDirectories();
            this.libraryDirectories = defaults.libraryDirectories();
            this.librarySuffixes = defaults.librarySuffixes();
            this.proxyFileNames = defaults.proxyFileNames();
            this.loaderLibraryPath = defaults.loaderDirectories();
        }

        BuilderImpl(ModuleLocator l) {
            this.p11KitModuleDirectories = l.p11KitModuleDirectories;
            this.libraryDirectories = l.libraryDirectories;
            this.librarySuffixes = l.librarySuffixes;
            this.proxyFileNames = l.proxyFileNames;
            this.loaderLibraryPath = l.loaderLibraryPath;
            this.configuredModule = l.configuredModule;
        }

        @Override
        public Builder p11KitModuleDirectories(List<Path> directories) {
            this.p11KitModuleDirectories = new ArrayList<>(Objects.requireNonNull(directories, "directories"));
            return this;
        }

        @Override
        public Builder libraryDirectories(List<Path> directories) {
            this.libraryDirectories = new ArrayList<>(Objects.requireNonNull(directories, "directories"));
            return this;
        }

        @Override
        public Builder librarySuffixes(List<String> suffixes) {
            this.librarySuffixes = new ArrayList<>(Objects.requireNonNull(suffixes, "suffixes"));
            return this;
        }

        @Override
        public Builder proxyFileNames(List<String> fileNames) {
            this.proxyFileNames = new ArrayList<>(Objects.requireNonNull(fileNames, "fileNames"));
            return this;
        }

        @Override
        public Builder loaderLibraryPath(List<Path> directories) {
            this.loaderLibraryPath = new ArrayList<>(Objects.requireNonNull(directories, "directories"));
            return this;
        }

        @Override
        public Builder configuredModule(Path module) {
            if (module != null && !module.isAbsolute()) {
                throw new Pkcs11ModuleException(module.toString(), "The configured PKCS#11 module '" + module
                        + "' is a relative path, which would depend on the working directory and could load a planted "
                        + "library: give an absolute path (e.g. /usr/lib/softhsm/libsofthsm2.so), or a bare module "
                        + "name (e.g. softhsm2) to search the usual places");
            }
            this.configuredModule = module;
            return this;
        }

        @Override
        public ModuleLocator build() {
            return new ModuleLocator(this);
        }
    }
}
