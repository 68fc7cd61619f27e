package dev.rolesanywhere.pkcs11.internal.ffi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Expected numbers are worked out by hand from the C rules (field at the next multiple of its alignment, size rounded
 * up to the largest alignment; everything at 1 under {@code #pragma pack(1)}), with the arithmetic in the comments.
 */
class CkLayoutsTest {

    @Nested
    class Lp64 {
        private final CkLayouts l = CkLayouts.of(NativeAbi.LP64);

        @Test
        void version_isTwoBytes() {
            assertThat(l.version().size()).isEqualTo(2);
            assertThat(l.version().offset("minor")).isEqualTo(1);
        }

        @Test
        void info_alignsFlagsAfterTheManufacturer() {
            StructLayout s = l.info();
            // 2 (version) + 32 = 34 -> next multiple of 8 = 40; 40 + 8 = 48; 48 + 32 = 80; 80 + 2 = 82 -> 88
            assertThat(s.offset("manufacturerID")).isEqualTo(2);
            assertThat(s.offset("flags")).isEqualTo(40);
            assertThat(s.offset("libraryDescription")).isEqualTo(48);
            assertThat(s.offset("libraryVersion")).isEqualTo(80);
            assertThat(s.size()).isEqualTo(88);
        }

        @Test
        void slotInfo_padsTheTrailingVersions() {
            StructLayout s = l.slotInfo();
            // 64 + 32 = 96 (aligned); flags 96..104; versions 104, 106; 108 -> 112
            assertThat(s.offset("flags")).isEqualTo(96);
            assertThat(s.offset("hardwareVersion")).isEqualTo(104);
            assertThat(s.offset("firmwareVersion")).isEqualTo(106);
            assertThat(s.size()).isEqualTo(112);
        }

        @Test
        void tokenInfo_is208Bytes() {
            StructLayout s = l.tokenInfo();
            // 32+32+16+16 = 96; flags + 10 counters = 11 x 8 = 88 -> 184; versions 184, 186; utcTime 188..204 -> 208
            assertThat(s.offset("serialNumber")).isEqualTo(80);
            assertThat(s.offset("flags")).isEqualTo(96);
            assertThat(s.offset("ulMaxPinLen")).isEqualTo(136);
            assertThat(s.offset("ulFreePrivateMemory")).isEqualTo(176);
            assertThat(s.offset("hardwareVersion")).isEqualTo(184);
            assertThat(s.offset("utcTime")).isEqualTo(188);
            assertThat(s.size()).isEqualTo(208);
        }

        @Test
        void ulongStructs_useEightByteFields() {
            assertThat(l.sessionInfo().offset("ulDeviceError")).isEqualTo(24);
            assertThat(l.sessionInfo().size()).isEqualTo(32);
            assertThat(l.mechanismInfo().size()).isEqualTo(24);
            assertThat(l.mechanism().offset("pParameter")).isEqualTo(8);
            assertThat(l.mechanism().offset("ulParameterLen")).isEqualTo(16);
            assertThat(l.mechanism().size()).isEqualTo(24);
            assertThat(l.attribute().offset("ulValueLen")).isEqualTo(16);
            assertThat(l.attribute().size()).isEqualTo(24);
        }

        @Test
        void initializeArgs_putsFlagsAfterFourPointers() {
            assertThat(l.initializeArgs().offset("flags")).isEqualTo(32);
            assertThat(l.initializeArgs().offset("pReserved")).isEqualTo(40);
            assertThat(l.initializeArgs().size()).isEqualTo(48);
        }

        @Test
        void functionList_startsPointersAtEight() {
            StructLayout s = l.functionList();
            // version 0..2 -> first pointer at 8; C_Sign is entry 43 (0-based): 8 + 43 * 8 = 352
            assertThat(s.offset("C_Initialize")).isEqualTo(8);
            assertThat(s.offset("C_GetFunctionList")).isEqualTo(8 + 3 * 8);
            assertThat(s.offset("C_Login")).isEqualTo(8 + 18 * 8);
            assertThat(s.offset("C_SignInit")).isEqualTo(344);
            assertThat(s.offset("C_Sign")).isEqualTo(352);
            assertThat(s.offset("C_GenerateKeyPair")).isEqualTo(8 + 59 * 8);
            assertThat(s.offset("C_WaitForSlotEvent")).isEqualTo(8 + 67 * 8);
            assertThat(s.size()).isEqualTo(8 + 68 * 8);
        }
    }

    @Nested
    class Windows64 {
        private final CkLayouts l = CkLayouts.of(NativeAbi.WINDOWS_64);

        @Test
        void info_isPackedWithFourByteFlags() {
            // 2 + 32 = 34 (no padding); 34 + 4 = 38; 38 + 32 = 70; 70 + 2 = 72
            assertThat(l.info().offset("flags")).isEqualTo(34);
            assertThat(l.info().offset("libraryDescription")).isEqualTo(38);
            assertThat(l.info().offset("libraryVersion")).isEqualTo(70);
            assertThat(l.info().size()).isEqualTo(72);
        }

        @Test
        void tokenInfo_is160Bytes() {
            // 96 + 11 x 4 = 140; versions 140, 142; utcTime 144..160
            assertThat(l.tokenInfo().offset("ulMinPinLen")).isEqualTo(120);
            assertThat(l.tokenInfo().offset("hardwareVersion")).isEqualTo(140);
            assertThat(l.tokenInfo().offset("utcTime")).isEqualTo(144);
            assertThat(l.tokenInfo().size()).isEqualTo(160);
            assertThat(l.slotInfo().size()).isEqualTo(104);
        }

        @Test
        void attribute_packsThePointerRightAfterTheType() {
            // type 0..4, pValue 4..12 (no padding when packed), ulValueLen 12..16
            assertThat(l.attribute().offset("pValue")).isEqualTo(4);
            assertThat(l.attribute().offset("ulValueLen")).isEqualTo(12);
            assertThat(l.attribute().size()).isEqualTo(16);
            assertThat(l.mechanism().size()).isEqualTo(16);
            assertThat(l.sessionInfo().size()).isEqualTo(16);
            assertThat(l.mechanismInfo().size()).isEqualTo(12);
        }

        @Test
        void initializeArgs_andFunctionList_arePacked() {
            assertThat(l.initializeArgs().offset("flags")).isEqualTo(32);
            assertThat(l.initializeArgs().offset("pReserved")).isEqualTo(36);
            assertThat(l.initializeArgs().size()).isEqualTo(44);
            // the first pointer directly follows the 2-byte version
            assertThat(l.functionList().offset("C_Initialize")).isEqualTo(2);
            assertThat(l.functionList().offset("C_Sign")).isEqualTo(2 + 43 * 8);
            assertThat(l.functionList().size()).isEqualTo(2 + 68 * 8);
        }
    }

    @Nested
    class ThirtyTwoBit {
        @Test
        void windows32_isPackedWithFourBytePointers() {
            CkLayouts l = CkLayouts.of(NativeAbi.WINDOWS_32);
            assertThat(l.attribute().size()).isEqualTo(12);
            assertThat(l.initializeArgs().size()).isEqualTo(24);
            assertThat(l.functionList().offset("C_Initialize")).isEqualTo(2);
            assertThat(l.functionList().size()).isEqualTo(2 + 68 * 4);
        }

        @Test
        void ilp32_alignsToFourBytes() {
            CkLayouts l = CkLayouts.of(NativeAbi.ILP32);
            // 2 + 32 = 34 -> 36; 36 + 4 = 40; 40 + 32 = 72; 72 + 2 = 74 -> 76
            assertThat(l.info().offset("flags")).isEqualTo(36);
            assertThat(l.info().size()).isEqualTo(76);
            assertThat(l.tokenInfo().size()).isEqualTo(160);
            assertThat(l.functionList().offset("C_Initialize")).isEqualTo(4);
            assertThat(l.functionList().size()).isEqualTo(4 + 68 * 4);
        }
    }

    @Test
    void unknownField_namesTheFieldsThatExist() {
        assertThatThrownBy(() -> CkLayouts.of(NativeAbi.LP64).attribute().offset("value"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CK_ATTRIBUTE has no field value")
                .hasMessageContaining("pValue");
    }

    @Test
    void currentAbi_onThisBuildMachine_isLp64() {
        // The build and CI run on 64-bit Linux; this guards against the detection picking a Windows layout here.
        assertThat(NativeAbi.current()).isSameAs(NativeAbi.LP64);
    }

    @Test
    void widenUlong_mapsTheThirtyTwoBitSentinelToMinusOne() {
        assertThat(NativeAbi.WINDOWS_64.widenUlong(0xFFFFFFFFL)).isEqualTo(Ck.CK_UNAVAILABLE_INFORMATION);
        assertThat(NativeAbi.WINDOWS_64.widenUlong(-2L)).isEqualTo(0xFFFFFFFEL);
        assertThat(NativeAbi.WINDOWS_64.toUlong(0x1_0000_00A0L)).isEqualTo(0xA0L);
        assertThat(NativeAbi.LP64.widenUlong(-1L)).isEqualTo(-1L);
    }
}
