package dev.rolesanywhere.pkcs11.internal.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class HexTest {

    @Test
    void of_everyByteValue_isTwoLowerCaseDigits() {
        byte[] all = new byte[256];
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
            expected.append(String.format("%02x", i));
        }
        assertThat(Hex.of(all)).isEqualTo(expected.toString());
    }

    @Test
    void of_agreesWithBigIntegerForLeadingZeros() {
        byte[] bytes = {0x00, 0x0f, (byte) 0xa0, 0x01};
        assertThat(Hex.of(bytes)).isEqualTo("000fa001")
                .isEqualTo(String.format("%08x", new BigInteger(1, bytes)));
        assertThat(Hex.of(new byte[0])).isEmpty();
    }

    @Test
    void of_aRange_coversOnlyThoseBytes() {
        byte[] bytes = {0x01, 0x23, 0x45, 0x67, (byte) 0x89};
        assertThat(Hex.of(bytes, 1, 3)).isEqualTo("234567");
        assertThat(Hex.of(bytes, 5, 0)).isEmpty();
    }

    @Test
    void of_aRangeOutsideTheArray_isRefused() {
        byte[] bytes = new byte[4];
        assertThatThrownBy(() -> Hex.of(bytes, 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Hex.of(bytes, -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Hex.of(bytes, 0, -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
