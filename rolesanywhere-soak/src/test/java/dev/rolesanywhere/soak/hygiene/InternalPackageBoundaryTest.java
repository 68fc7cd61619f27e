package dev.rolesanywhere.soak.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule docs/architecture.md states: a module's {@code ...internal} packages are its own. No module's main code
 * may name another module's internal package, by import or by fully qualified name. Tests may (they test the inside);
 * only main code, what users receive, is checked.
 */
class InternalPackageBoundaryTest {
    private static final Pattern INTERNAL_REFERENCE =
            Pattern.compile("\\bdev\\.rolesanywhere(?:\\.\\w+)*?\\.internal(?:\\.[a-z]\\w*)*");
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*(?s:.*?)\\*/");
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"");

    private static final Path ROOT = Paths.get(System.getProperty("rolesanywhere.project.root", "..")).toAbsolutePath()
            .normalize();
    // Main source directories: src/main/java, and src/boot4/java of the Spring Boot 4 starter.
    private static final Pattern SOURCE_ROOT = Pattern.compile(".*/src/(main|boot4)/java");
    // rolesanywhere-spring-boot3-starter compiles rolesanywhere-spring-boot-starter's sources into its own jar, so
    // what they declare is its own too.
    private static final Map<String, String> SAME_SOURCES = Map.of(
            "rolesanywhere-spring-boot3-starter", "rolesanywhere-spring-boot-starter");

    @Test
    void mainCode_namesNoOtherModulesInternalPackage() throws IOException {
        Map<String, String> packageOwners = packageOwners();
        assertThat(packageOwners).as("main packages found under %s", ROOT).containsKey("dev.rolesanywhere.core");

        Set<String> crossings = new TreeSet<>();
        for (Map.Entry<Path, String> source : mainSources().entrySet()) {
            String module = source.getValue();
            for (String referenced : internalReferences(source.getKey())) {
                String owner = ownerOf(referenced, packageOwners);
                if (owner != null && !owner.equals(module)
                        && !owner.equals(SAME_SOURCES.getOrDefault(module, module))) {
                    crossings.add(module + " -> " + referenced + " (" + ROOT.relativize(source.getKey()) + ")");
                }
            }
        }
        assertThat(crossings).as("main code naming another module's internal package: use that module's public "
                + "API instead (or make what is needed public there, deliberately)").isEmpty();
    }

    @Test
    void detector_findsImportsAndQualifiedNames_butNotCommentsOrStrings() {
        String source = "package a;\n"
                + "import dev.rolesanywhere.core.internal.OwnedHttpClientFactory;\n"
                + "import static dev.rolesanywhere.pkcs11.internal.ffi.Ckr.CKR_OK;\n"
                + "class X { Object o = new dev.rolesanywhere.cli.internal.serve.MetadataServer();\n"
                + "  // dev.rolesanywhere.emulator.internal.SigV4 in a comment\n"
                + "  String s = \"dev.rolesanywhere.provider.internal.ShellWords\"; }\n";

        assertThat(internalReferences(source)).containsExactlyInAnyOrder("dev.rolesanywhere.core.internal",
                "dev.rolesanywhere.pkcs11.internal.ffi", "dev.rolesanywhere.cli.internal.serve");
    }

    /** Every main source file, with the module (its path below the root) that owns it. */
    private static Map<Path, String> mainSources() throws IOException {
        Map<Path, String> sources = new HashMap<>();
        for (Path mainJava : mainSourceRoots()) {
            String module = ROOT.relativize(mainJava.getParent().getParent().getParent()).toString();
            try (Stream<Path> files = Files.walk(mainJava)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.put(p, module));
            }
        }
        return sources;
    }

    /** Each main package and the module that declares it. */
    private static Map<String, String> packageOwners() throws IOException {
        Map<String, String> owners = new HashMap<>();
        for (Map.Entry<Path, String> source : mainSources().entrySet()) {
            Path mainJava = mainJavaOf(source.getKey());
            String pkg = mainJava.relativize(source.getKey().getParent()).toString().replace('/', '.');
            owners.put(pkg, source.getValue());
        }
        return owners;
    }

    private static List<Path> mainSourceRoots() throws IOException {
        try (Stream<Path> walk = Files.walk(ROOT, 4)) {
            return walk.filter(Files::isDirectory)
                    .filter(p -> SOURCE_ROOT.matcher(p.toString()).matches())
                    .filter(p -> !p.toString().contains("/target/"))
                    .sorted().collect(Collectors.toList());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Path mainJavaOf(Path source) {
        Path p = source;
        while (!SOURCE_ROOT.matcher(p.toString()).matches()) {
            p = p.getParent();
        }
        return p;
    }

    /** The module owning {@code pkg}, or null for a package no module here declares. */
    private static String ownerOf(String pkg, Map<String, String> packageOwners) {
        return packageOwners.get(pkg);
    }

    private static Set<String> internalReferences(Path source) throws IOException {
        return internalReferences(new String(Files.readAllBytes(source), StandardCharsets.UTF_8));
    }

    /** The internal packages {@code source} names: the longest all-lower-case dotted prefix of each reference. */
    static Set<String> internalReferences(String source) {
        String code = STRING.matcher(COMMENT.matcher(source).replaceAll(" ")).replaceAll("\"\"");
        Set<String> packages = new TreeSet<>();
        Matcher m = INTERNAL_REFERENCE.matcher(code);
        while (m.find()) {
            packages.add(m.group());
        }
        return packages;
    }
}
