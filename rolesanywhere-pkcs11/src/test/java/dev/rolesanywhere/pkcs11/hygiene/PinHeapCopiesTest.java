package dev.rolesanywhere.pkcs11.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code pin-value} taken apart and put back together ({@code Pkcs11Uri.parse}, {@code toUriString(true)}) leaves
 * no plain-text copy of the PIN on the heap: not in a String, not in a byte buffer. Only the URI's own char array
 * holds it, as the API says. Checked the blunt way: a heap dump (unreachable objects included) is searched for the
 * PIN's bytes. A char array stores the PIN as UTF-16, so the search for its single-byte form finds only Strings and
 * byte arrays, which are the copies nobody wipes.
 */
class PinHeapCopiesTest {
    /** Characters that percent-encoding always escapes, so the plain PIN never appears in any URI text either. */
    private static final char[] ESCAPED = " \"#%&<>\\^`{}".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path temp;

    private static char[] randomPin() {
        char[] pin = new char[24];
        for (int i = 0; i < pin.length; i++) {
            pin[i] = ESCAPED[RANDOM.nextInt(ESCAPED.length)];
        }
        return pin;
    }

    /** {@code pkcs11:token=t?pin-value=%XX%XX...}, written without a String of the plain PIN. */
    private static String uriWithPin(char[] pin) {
        StringBuilder uri = new StringBuilder("pkcs11:token=t?pin-value=");
        for (char c : pin) {
            uri.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
        }
        return uri.toString();
    }

    @Test
    void parsingAPinValue_leavesNoPlainTextCopyOnTheHeap() throws Exception {
        char[] pin = randomPin();
        String text = uriWithPin(pin);
        Control control = new Control();
        // Empty the young generation now, so that nothing the code below leaves behind is collected before the dump.
        System.gc();

        Pkcs11Uri uri = Pkcs11Uri.parse(text);
        Path dump = dumpHeap();

        control.assertFoundIn(dump);
        assertThat(contains(dump, pin)).as("a plain-text copy of the PIN on the heap").isFalse();
        assertThat(uri.pinValue()).hasValueSatisfying(p -> assertThat(p).containsExactly(pin));
    }

    @Test
    void formattingAPinValue_leavesNoPlainTextCopyOnTheHeap() throws Exception {
        char[] pin = randomPin();
        Pkcs11Uri uri = Pkcs11Uri.builder().token("t").pinValue(pin).build();
        Control control = new Control();
        System.gc();

        String formatted = uri.toUriString(true);
        Path dump = dumpHeap();

        control.assertFoundIn(dump);
        assertThat(contains(dump, pin)).as("a plain-text copy of the PIN on the heap").isFalse();
        assertThat(formatted).isEqualTo(uriWithPin(pin));
    }

    private Path dumpHeap() throws IOException {
        Path dump = temp.resolve("heap.hprof");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), false);
        return dump;
    }

    /** A deliberate byte copy of another PIN, which the search must find: proof that it would find a real one. */
    private static final class Control {
        private final char[] pin = randomPin();
        private final byte[] copy = new byte[pin.length];

        Control() {
            for (int i = 0; i < pin.length; i++) {
                copy[i] = (byte) pin[i];
            }
        }

        void assertFoundIn(Path dump) throws IOException {
            assertThat(contains(dump, pin)).as("the control copy").isTrue();
            Arrays.fill(copy, (byte) 0);
        }
    }

    /** Whether the file holds the single-byte form of {@code chars}; the byte pattern is made only now. */
    private static boolean contains(Path file, char[] chars) throws IOException {
        byte[] needle = new byte[chars.length];
        for (int i = 0; i < chars.length; i++) {
            needle[i] = (byte) chars[i];
        }
        byte[] buffer = new byte[1 << 20];
        int kept = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer, kept, buffer.length - kept)) > 0) {
                int end = kept + n;
                for (int i = 0; i + needle.length <= end; i++) {
                    if (buffer[i] == needle[0] && Arrays.equals(buffer, i, i + needle.length, needle, 0,
                            needle.length)) {
                        return true;
                    }
                }
                kept = Math.min(needle.length - 1, end);
                System.arraycopy(buffer, end - kept, buffer, 0, kept);
            }
        }
        return false;
    }
}
