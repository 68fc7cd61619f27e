package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.core.Signers;
import dev.rolesanywhere.testing.ProcessRunner;
import dev.rolesanywhere.testing.FaultModule;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jnr.ffi.LibraryLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stale PIN file across processes, as {@code credential_process} meets it: each run is a new JVM that remembers
 * nothing. Each run here is a child JVM building a signer through its own p11fault module (so its {@code C_Login}
 * calls are counted) on the same SoftHSM2 token.
 */
class RejectedPinMarkerTest {
    private static final char[] WRONG = "99999999".toCharArray();
    private static final Pattern RESULT = Pattern.compile("RESULT (\\S+) logins=(\\d+)");

    @TempDir
    Path temp;

    private TokenKey key;
    private Path pinFile;

    @BeforeEach
    void token() {
        key = SoftHsmFixture.shared().createToken().key("marked").type(TestKeyType.EC_P256).create();
        pinFile = temp.resolve("pin");
    }

    /** One run of a short-lived process: builds a signer, signs once, reports what happened and its C_Login count. */
    public static final class Child {
        private Child() {
        }

        public static void main(String[] args) {
            FaultModule.Control faults = LibraryLoader.create(FaultModule.Control.class).load(args[0]);
            faults.p11fault_set_module(args[1]);
            Pkcs11Signer.Builder builder = Pkcs11Signer.builder().uri(args[2])
                    .pinCallback(PinCallback.ofFile(Paths.get(args[3])));
            if (args.length > 4) {
                builder.rejectedPinMarkers(true).rejectedPinMarkerDirectory(Paths.get(args[4]));
            }
            report(faults, builder::build);
        }

        static void report(FaultModule.Control faults, Supplier<Signer> build) {
            String outcome;
            try (Signer signer = build.get()) {
                outcome = signer.sign(new byte[] {1, 2, 3}).length > 0 ? "signed" : "empty";
            } catch (PinIncorrectException e) {
                outcome = e.getMessage().contains("not presented again") ? "refused" : "rejected";
            }
            System.out.println("RESULT " + outcome + " logins=" + faults.p11fault_count("C_Login"));
        }
    }

    /**
     * {@link Child} configured as text, the way the provider, the command line and Spring reach a token: a
     * {@link SignerSpec} whose URI carries the PIN file as {@code pin-source}, built by {@link Signers#fromSpec}.
     */
    public static final class SpecChild {
        private SpecChild() {
        }

        public static void main(String[] args) {
            FaultModule.Control faults = LibraryLoader.create(FaultModule.Control.class).load(args[0]);
            faults.p11fault_set_module(args[1]);
            SignerSpec.Builder spec = SignerSpec.builder().certificate(args[2] + "&pin-source=" + args[3]);
            if (args.length > 4) {
                spec.rejectedPinMarkers(true).rejectedPinMarkerDirectory(Paths.get(args[4]));
            }
            SignerSpec built = spec.build();
            Child.report(faults, () -> Signers.fromSpec(built));
        }
    }

    private void writePin(char[] pin) throws IOException {
        Files.deleteIfExists(pinFile);
        Files.createFile(pinFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(pinFile, (new String(pin) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Runs {@link Child}; {@code markers} null runs it without rejected-PIN markers. */
    private String run(Path markers) {
        return run(Child.class, markers);
    }

    private String run(Class<?> child, Path markers) {
        FaultModule faults = FaultModule.overSoftHsm();
        List<String> command = Stream.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                child.getName(), faults.modulePath().toString(), faults.realModule().toString(),
                Pkcs11Uri.parse(key.uri()).toBuilder().modulePath(faults.modulePath().toString()).build().toUriString(false),
                pinFile.toString(), markers == null ? null : markers.toString())
                .filter(a -> a != null).collect(Collectors.toList());
        String output = ProcessRunner.command(command).environment(SoftHsmFixture.shared().environment()).run().check()
                .output();
        Matcher m = RESULT.matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return m.group(1) + " logins=" + m.group(2);
    }

    @Test
    void withMarkers_aSecondProcessRefusesTheRejectedPinWithoutLogin_untilThePinFileChanges() throws Exception {
        Path markers = temp.resolve("state/rejected-pins");
        writePin(WRONG);

        assertThat(run(markers)).isEqualTo("rejected logins=1");
        assertThat(run(markers)).isEqualTo("refused logins=0");
        assertThat(run(markers)).isEqualTo("refused logins=0");

        List<Path> files;
        try (Stream<Path> list = Files.list(markers)) {
            files = list.collect(Collectors.toList());
        }
        assertThat(files).hasSize(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(0)))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(markers))).isEqualTo("rwx------");
        String marker = new String(Files.readAllBytes(files.get(0)), StandardCharsets.UTF_8);
        assertThat(marker).doesNotContain(new String(WRONG)).contains(key.token().serial());

        char[] right = key.token().userPin();
        writePin(right);
        Arrays.fill(right, '\0');
        assertThat(run(markers)).isEqualTo("signed logins=1");
        assertThat(files.get(0)).doesNotExist();
    }

    @Test
    void signerSpecWithMarkers_leavesAMarker_andASecondProcessFromTheSameSpecRefusesWithoutLogin() throws Exception {
        Path markers = temp.resolve("spec-state/rejected-pins");
        writePin(WRONG);

        assertThat(run(SpecChild.class, markers)).isEqualTo("rejected logins=1");
        try (Stream<Path> list = Files.list(markers)) {
            assertThat(list.collect(Collectors.toList())).hasSize(1);
        }
        assertThat(run(SpecChild.class, markers)).isEqualTo("refused logins=0");

        char[] right = key.token().userPin();
        writePin(right);
        Arrays.fill(right, '\0');
        assertThat(run(SpecChild.class, markers)).isEqualTo("signed logins=1");
    }

    @Test
    void signerSpecWithoutMarkers_spendsOneTryPerProcess() throws Exception {
        writePin(WRONG);

        assertThat(run(SpecChild.class, null)).isEqualTo("rejected logins=1");
        assertThat(run(SpecChild.class, null)).isEqualTo("rejected logins=1");
    }

    @Test
    void withoutMarkers_eachProcessSpendsOneTryOnAStalePinFile() throws Exception {
        writePin(WRONG);

        assertThat(run(null)).isEqualTo("rejected logins=1");
        assertThat(run(null)).isEqualTo("rejected logins=1");
    }
}
