package dev.rolesanywhere.pkcs11.internal.ffi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Templates written to real native memory and read back byte by byte at offsets worked out by hand, for the 64-bit
 * Unix layout and for the packed Windows layout (which only changes where bytes go, so it can be checked here too).
 */
class TemplatesTest {
    private static final List<Attribute> TEMPLATE = Arrays.asList(
            Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_PRIVATE_KEY),
            Attribute.ofBoolean(Cka.CKA_SIGN, true),
            Attribute.ofUtf8(Cka.CKA_LABEL, "ab"));

    @Test
    void lp64_usesEightByteUlongsAndOneByteBooleans() {
        CkLayouts layouts = CkLayouts.of(NativeAbi.LP64);
        // 3 x 24-byte CK_ATTRIBUTE = 72; values at 72 (8 bytes), 80 (1 byte), 88 (2 bytes) -> 90 -> 96
        assertThat(Templates.size(layouts, TEMPLATE)).isEqualTo(96);
        try (NativeMemory memory = Templates.allocate(layouts, TEMPLATE)) {
            long a = memory.address();
            assertThat(NativeMemory.IO.getLong(a)).isEqualTo(Cka.CKA_CLASS);
            assertThat(NativeMemory.IO.getLong(a + 8)).isEqualTo(a + 72);
            assertThat(NativeMemory.IO.getLong(a + 16)).isEqualTo(8);
            assertThat(NativeMemory.IO.getLong(a + 72)).isEqualTo(Cko.CKO_PRIVATE_KEY);

            assertThat(NativeMemory.IO.getLong(a + 24)).isEqualTo(Cka.CKA_SIGN);
            assertThat(NativeMemory.IO.getLong(a + 32)).isEqualTo(a + 80);
            assertThat(NativeMemory.IO.getLong(a + 40)).isEqualTo(1);
            assertThat(NativeMemory.IO.getByte(a + 80)).isEqualTo((byte) 1);

            assertThat(NativeMemory.IO.getLong(a + 48)).isEqualTo(Cka.CKA_LABEL);
            assertThat(NativeMemory.IO.getLong(a + 56)).isEqualTo(a + 88);
            assertThat(NativeMemory.IO.getLong(a + 64)).isEqualTo(2);
            assertThat(NativeMemory.getBytes(a + 88, 2)).containsExactly('a', 'b');
        }
    }

    @Test
    void windows64_usesFourByteUlongsInPackedSixteenByteEntries() {
        CkLayouts layouts = CkLayouts.of(NativeAbi.WINDOWS_64);
        // 3 x 16-byte CK_ATTRIBUTE = 48; values at 48 (4 bytes), 56 (1 byte), 64 (2 bytes) -> 66 -> 72
        assertThat(Templates.size(layouts, TEMPLATE)).isEqualTo(72);
        try (NativeMemory memory = Templates.allocate(layouts, TEMPLATE)) {
            long a = memory.address();
            assertThat(NativeMemory.IO.getInt(a)).isEqualTo((int) Cka.CKA_CLASS);
            assertThat(NativeMemory.IO.getLong(a + 4)).isEqualTo(a + 48);
            assertThat(NativeMemory.IO.getInt(a + 12)).isEqualTo(4);
            assertThat(NativeMemory.IO.getInt(a + 48)).isEqualTo((int) Cko.CKO_PRIVATE_KEY);
            // the 4 bytes after a 32-bit value stay untouched (zero), proving only 4 were written
            assertThat(NativeMemory.IO.getInt(a + 52)).isZero();

            assertThat(NativeMemory.IO.getInt(a + 16)).isEqualTo((int) Cka.CKA_SIGN);
            assertThat(NativeMemory.IO.getInt(a + 28)).isEqualTo(1);
            assertThat(NativeMemory.IO.getByte(a + 56)).isEqualTo((byte) 1);

            assertThat(NativeMemory.IO.getInt(a + 32)).isEqualTo((int) Cka.CKA_LABEL);
            assertThat(NativeMemory.IO.getLong(a + 36)).isEqualTo(a + 64);
            assertThat(NativeMemory.IO.getInt(a + 44)).isEqualTo(2);
        }
    }

    @Test
    void mechanism_withParameter_pointsBehindTheStruct() {
        CkLayouts layouts = CkLayouts.of(NativeAbi.LP64);
        Mechanism mechanism = Mechanism.of(Ckm.CKM_RSA_PKCS_PSS, new byte[] {9, 8, 7});
        // 24-byte CK_MECHANISM, parameter at 24
        assertThat(Templates.mechanismSize(layouts, mechanism)).isEqualTo(27);
        try (NativeMemory memory = NativeMemory.allocate(Templates.mechanismSize(layouts, mechanism))) {
            long a = memory.address();
            Templates.writeMechanism(layouts, mechanism, a);
            assertThat(NativeMemory.IO.getLong(a)).isEqualTo(Ckm.CKM_RSA_PKCS_PSS);
            assertThat(NativeMemory.IO.getLong(a + 8)).isEqualTo(a + 24);
            assertThat(NativeMemory.IO.getLong(a + 16)).isEqualTo(3);
            assertThat(NativeMemory.getBytes(a + 24, 3)).containsExactly(9, 8, 7);
        }
    }

    @Test
    void mechanism_withoutParameter_passesNull() {
        CkLayouts layouts = CkLayouts.of(NativeAbi.LP64);
        try (NativeMemory memory = NativeMemory.allocate(32)) {
            NativeMemory.IO.setMemory(memory.address(), 32, (byte) 0x55);
            Templates.writeMechanism(layouts, Mechanism.of(Ckm.CKM_ECDSA), memory.address());
            assertThat(NativeMemory.IO.getLong(memory.address() + 8)).isZero();
            assertThat(NativeMemory.IO.getLong(memory.address() + 16)).isZero();
        }
    }

    @Test
    void attributeToString_showsTypeAndLengthButNeverTheValue() {
        Attribute secret = Attribute.of(Cka.CKA_VALUE, "top-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(secret.toString()).contains("0x11").contains("10 bytes").doesNotContain("top-secret");
    }

    @Test
    void attributeValue_decodesUlongsOfEitherWidthAndTheSentinel() {
        byte[] eight = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0x1234L).array();
        byte[] four = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0x1234).array();
        byte[] allOnes = {-1, -1, -1, -1};
        assertThat(AttributeValue.present(1, eight).asUlong()).contains(0x1234L);
        assertThat(AttributeValue.present(1, four).asUlong()).contains(0x1234L);
        assertThat(AttributeValue.present(1, allOnes).asUlong()).contains(Ck.CK_UNAVAILABLE_INFORMATION);
        assertThat(AttributeValue.missing(1, AttributeValue.Status.SENSITIVE).asUlong()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AttributeValue.present(1, new byte[3]).asUlong())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("3 bytes");
    }

    @Test
    void attributeValue_bytesAreACopy() {
        byte[] value = {1, 2};
        AttributeValue attribute = AttributeValue.present(Cka.CKA_ID, value);
        attribute.bytes().get()[0] = 9;
        assertThat(attribute.bytes().get()).containsExactly(1, 2);
    }
}
