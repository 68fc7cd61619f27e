package dev.rolesanywhere.soak.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a user downloads from a repository: every published module is in the BOM, its POM says what it is and where it
 * comes from, and every jar it publishes carries the licence, the notice and its version. Reads the jars the build
 * just made (this module is last in the reactor).
 */
class PublishedArtifactsTest {
    private static final Path ROOT = Paths.get(System.getProperty("rolesanywhere.project.root", "..")).toAbsolutePath()
            .normalize();
    private static final String VERSION = System.getProperty("rolesanywhere.project.version", "0.1.0-SNAPSHOT");
    private static final boolean RELEASE_ARTIFACTS =
            Boolean.parseBoolean(System.getProperty("rolesanywhere.releaseArtifacts", "false"));
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern OWN_ARTIFACT_ID = Pattern.compile("</parent>.*?<artifactId>([^<]+)</artifactId>",
            Pattern.DOTALL);

    /** A published module: its directory and artifact id. */
    private static final class Module {
        final Path dir;
        final String artifactId;

        Module(Path dir, String artifactId) {
            this.dir = dir;
            this.artifactId = artifactId;
        }

        @Override
        public String toString() {
            return artifactId;
        }
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    /** Every module of the reactor that is deployed: a jar, without maven.deploy.skip. */
    private static List<Module> published() throws IOException {
        List<Module> modules = new ArrayList<>();
        collect(ROOT, false, modules);
        return modules;
    }

    /** @param parentSkipped whether the aggregating POM already skips deployment (its modules inherit that) */
    private static void collect(Path dir, boolean parentSkipped, List<Module> into) throws IOException {
        String pom = read(dir.resolve("pom.xml"));
        boolean skipped = parentSkipped || pom.contains("<maven.deploy.skip>true</maven.deploy.skip>");
        Matcher children = MODULE.matcher(pom);
        while (children.find()) {
            collect(dir.resolve(children.group(1)), skipped, into);
        }
        boolean aggregator = pom.contains("<packaging>pom</packaging>");
        Matcher id = OWN_ARTIFACT_ID.matcher(pom);
        if (!aggregator && !skipped && id.find()) {
            into.add(new Module(dir, id.group(1)));
        }
    }

    private static Path jar(Module module, String classifier) throws IOException {
        String suffix = classifier.isEmpty() ? ".jar" : "-" + classifier + ".jar";
        for (Path candidate : new Path[] {
            module.dir.resolve("target").resolve(module.artifactId + "-" + VERSION + suffix),
            // The command line keeps a version-free name, its main jar beside its libraries.
            module.dir.resolve("target").resolve(module.artifactId + suffix),
            module.dir.resolve("target/lib").resolve(module.artifactId + suffix)}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("No " + (classifier.isEmpty() ? "main" : classifier) + " jar of " + module
                + " under " + module.dir.resolve("target") + ": run the full build (mvn install) first");
    }

    @Test
    void theBom_listsEveryPublishedModule_andNothingElse() throws IOException {
        Set<String> published = new TreeSet<>();
        for (Module module : published()) {
            published.add(module.artifactId);
        }
        String bom = read(ROOT.resolve("rolesanywhere-bom/pom.xml"));
        Set<String> listed = new TreeSet<>();
        Matcher m = Pattern.compile("<artifactId>(rolesanywhere-[^<]+)</artifactId>").matcher(bom);
        while (m.find()) {
            listed.add(m.group(1));
        }
        listed.remove("rolesanywhere-bom");

        assertThat(published).contains("rolesanywhere-core", "rolesanywhere-spring-boot-starter",
                "rolesanywhere-spring-boot3-starter");
        assertThat(listed).isEqualTo(published);
    }

    @Test
    void everyPom_describesTheProject_itsLicenceSourceAndDevelopers() throws IOException {
        for (Path pom : new Path[] {ROOT.resolve("pom.xml"), ROOT.resolve("rolesanywhere-bom/pom.xml")}) {
            assertThat(read(pom)).as("%s", pom).contains("<url>https://", "<licenses>", "<developers>", "<scm",
                    "<connection>", "<description>");
        }
        for (Module module : published()) {
            String pom = read(module.dir.resolve("pom.xml"));
            assertThat(pom).as("%s", module).contains("<name>", "<description>").contains("<parent>");
        }
    }

    @Test
    void everyPublishedJar_carriesTheLicenceTheNoticeAndItsVersion() throws IOException {
        List<String> classifiers = new ArrayList<>();
        classifiers.add("");
        if (RELEASE_ARTIFACTS) {
            classifiers.add("sources");
            classifiers.add("javadoc");
        }
        for (Module module : published()) {
            for (String classifier : classifiers) {
                Path path = jar(module, classifier);
                try (JarFile jar = new JarFile(path.toFile())) {
                    assertThat(jar.getEntry("META-INF/LICENSE")).as("LICENSE in %s", path).isNotNull();
                    assertThat(jar.getEntry("META-INF/NOTICE")).as("NOTICE in %s", path).isNotNull();
                    if (classifier.isEmpty()) {
                        Attributes manifest = jar.getManifest().getMainAttributes();
                        assertThat(manifest.getValue("Implementation-Version")).as("%s", path).isEqualTo(VERSION);
                        assertThat(manifest.getValue("Automatic-Module-Name")).as("%s", path).isNotBlank();
                    }
                }
            }
        }
    }
}
