package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Only certificate requests may need Bouncy Castle. A class that names a Bouncy Castle type anywhere (a field, a
 * signature, a catch, a local's type) can fail to link without it, even on a path that never runs that code, so no
 * other class of this module may name one: this reads every compiled class's constant pool. {@link
 * WithoutBouncyCastleTest} shows the paths that matter running without the jars.
 */
class BouncyCastleLinkageTest {
    private static final byte[] BOUNCY_CASTLE = "org/bouncycastle/".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> MAY_LINK_BOUNCY_CASTLE = new TreeSet<>(Arrays.asList(
            "dev/rolesanywhere/pkcs11/internal/token/CertificateRequests.class",
            "dev/rolesanywhere/pkcs11/internal/token/TokenContentSigner.class"));

    @Test
    void mainClasses_otherThanTheCertificateRequestOnes_nameNoBouncyCastleType() throws Exception {
        Path classes = Paths.get(Pkcs11Signer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> files = classFiles(classes);
        assertThat(files).hasSizeGreaterThan(50);

        Set<String> linking = new TreeSet<>();
        for (Path file : files) {
            if (contains(Files.readAllBytes(file), BOUNCY_CASTLE)) {
                linking.add(classes.relativize(file).toString());
            }
        }

        assertThat(linking).as("classes naming org.bouncycastle types").isEqualTo(MAY_LINK_BOUNCY_CASTLE);
    }

    @Test
    void detector_findsATypeNamedInAClassFile() throws Exception {
        Path self = Paths.get(BouncyCastleLinkageTest.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        byte[] testThatUsesBouncyCastle = Files.readAllBytes(self.resolve(
                "dev/rolesanywhere/pkcs11/internal/token/TestCertificates.class"));

        assertThat(contains(testThatUsesBouncyCastle, BOUNCY_CASTLE)).isTrue();
        assertThat(contains("org/bouncy".getBytes(StandardCharsets.US_ASCII), BOUNCY_CASTLE)).isFalse();
    }

    private static List<Path> classFiles(Path root) throws IOException, URISyntaxException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
