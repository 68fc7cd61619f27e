package dev.rolesanywhere.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.testing.JavaCommand;
import dev.rolesanywhere.testing.ProcessRunner;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * From JDK 24 the JVM warns on the user's stderr when jffi loads its native stub, unless native access is granted; the
 * README tells users to pass {@code --enable-native-access=ALL-UNNAMED}. Signs with a SoftHSM2 key in a JVM of the
 * running version, with and without the flag (CI runs this on JDK 17 and on JDK 25).
 */
class NativeAccessTest {
    private static final String WARNING = "restricted method";

    private static ProcessRunner.Result sign(TokenKey key, String pin, String... jvmOptions) {
        JavaCommand command = JavaCommand.main(NativeAccessMain.class);
        for (String option : jvmOptions) {
            command.jvmOption(option);
        }
        return ProcessRunner.command(command.toList())
                .environment(SoftHsmFixture.shared().environment())
                .input((key.uri() + "&pin-value=" + pin + "\n").getBytes(StandardCharsets.UTF_8))
                .secret(pin)
                .timeout(Duration.ofSeconds(60))
                .run()
                .check();
    }

    @Test
    void withNativeAccessGranted_aTokenKeySigns_andTheJvmPrintsNoWarning() {
        TokenKey key = SoftHsmFixture.shared().createToken().key("native-access").type(TestKeyType.EC_P256).create();
        String pin = new String(key.token().userPin());

        ProcessRunner.Result granted = sign(key, pin, "--enable-native-access=ALL-UNNAMED");
        ProcessRunner.Result notGranted = sign(key, pin);

        assertThat(granted.stdout()).contains("signed with ECDSA");
        assertThat(granted.stderr()).doesNotContain(WARNING);
        assertThat(notGranted.stdout()).contains("signed with ECDSA");
        if (Runtime.version().feature() >= 24) {
            assertThat(notGranted.stderr()).as("JDK %s warns without the flag", Runtime.version())
                    .contains(WARNING).contains("--enable-native-access");
        } else {
            assertThat(notGranted.stderr()).doesNotContain(WARNING);
        }
    }
}
