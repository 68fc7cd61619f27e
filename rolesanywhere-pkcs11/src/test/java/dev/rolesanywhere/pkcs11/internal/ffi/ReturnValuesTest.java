package dev.rolesanywhere.pkcs11.internal.ffi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.rolesanywhere.core.SigningException;
import dev.rolesanywhere.pkcs11.PinExpiredException;
import dev.rolesanywhere.pkcs11.PinIncorrectException;
import dev.rolesanywhere.pkcs11.PinLengthException;
import dev.rolesanywhere.pkcs11.PinLockedException;
import dev.rolesanywhere.pkcs11.Pkcs11Exception;
import dev.rolesanywhere.pkcs11.Pkcs11KeyException;
import dev.rolesanywhere.pkcs11.Pkcs11MechanismException;
import dev.rolesanywhere.pkcs11.Pkcs11PinException;
import dev.rolesanywhere.pkcs11.SessionLostException;
import dev.rolesanywhere.pkcs11.TokenUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

class ReturnValuesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0xA0, PinIncorrectException",
        "0xA4, PinLockedException",
        "0xA3, PinExpiredException",
        "0xA2, PinLengthException",
        "0xA1, Pkcs11PinException",
        "0x1B8, Pkcs11PinException",
        "0xB3, SessionLostException",
        "0xB0, SessionLostException",
        "0x101, SessionLostException",
        "0x32, TokenUnavailableException",
        "0xE0, TokenUnavailableException",
        "0x30, TokenUnavailableException",
        "0xE1, TokenUnavailableException",
        "0x3, TokenUnavailableException",
        "0x60, Pkcs11KeyException",
        "0x63, Pkcs11KeyException",
        "0x68, Pkcs11KeyException",
        "0x82, Pkcs11KeyException",
        "0x140, Pkcs11KeyException",
        "0x70, Pkcs11MechanismException",
        "0x71, Pkcs11MechanismException",
        "0x5, Pkcs11Exception",
        "0x6, Pkcs11Exception",
        "0x190, Pkcs11Exception",
        "0x80000000, Pkcs11Exception",
    })
    void exception_mapsEachCodeToItsGroup(String code, String expectedType) {
        long rv = Long.decode(code);
        Pkcs11Exception e = ReturnValues.exception("C_Test", rv, null);
        assertThat(e.getClass().getSimpleName()).isEqualTo(expectedType);
        assertThat(e.returnValue()).isEqualTo(rv);
        assertThat(e.function()).isEqualTo("C_Test");
        assertThat(e).isInstanceOf(SigningException.class);
    }

    @Test
    void pinSubclasses_shareOneBaseForCallersThatTreatAllPinErrorsAlike() {
        assertThat(ReturnValues.exception("C_Login", Ckr.CKR_PIN_INCORRECT, null))
                .isInstanceOf(PinIncorrectException.class).isInstanceOf(Pkcs11PinException.class);
        assertThat(ReturnValues.exception("C_Login", Ckr.CKR_PIN_LOCKED, null)).isInstanceOf(PinLockedException.class)
                .isInstanceOf(Pkcs11PinException.class);
        assertThat(ReturnValues.exception("C_Login", Ckr.CKR_PIN_EXPIRED, null))
                .isInstanceOf(PinExpiredException.class).isInstanceOf(Pkcs11PinException.class);
        assertThat(ReturnValues.exception("C_Login", Ckr.CKR_PIN_LEN_RANGE, null))
                .isInstanceOf(PinLengthException.class).isInstanceOf(Pkcs11PinException.class);
    }

    @Test
    void message_namesFunctionCodeHexAndAdvice() {
        Pkcs11Exception e = ReturnValues.exception("C_Login", Ckr.CKR_PIN_INCORRECT, null);
        assertThat(e.getMessage())
                .startsWith("C_Login failed with CKR_PIN_INCORRECT (0xA0). The PIN is wrong.")
                .contains("not retried automatically");
        assertThat(e.returnValueName()).isEqualTo("CKR_PIN_INCORRECT");
    }

    @Test
    void message_includesContextWhenGiven() {
        Pkcs11Exception e = ReturnValues.exception("C_Initialize", Ckr.CKR_GENERAL_ERROR, "module /x.so could not start");
        assertThat(e.getMessage()).startsWith("C_Initialize failed with CKR_GENERAL_ERROR (0x5): module /x.so could "
                + "not start. ").contains("SOFTHSM2_CONF");
    }

    @Test
    void vendorCodes_areNamedRelativeToVendorDefined() {
        Pkcs11Exception e = ReturnValues.exception("C_Sign", 0x8000002AL, null);
        assertThat(e.returnValueName()).isEqualTo("CKR_VENDOR_DEFINED+0x2A");
        assertThat(e.getMessage()).contains("CKR_VENDOR_DEFINED+0x2A (0x8000002A)").contains("vendor");
        assertThat(Ckr.name(Ckr.CKR_VENDOR_DEFINED)).isEqualTo("CKR_VENDOR_DEFINED");
        assertThat(Ckr.name(0xFFFFFFFFL)).isEqualTo("CKR_VENDOR_DEFINED+0x7FFFFFFF");
    }

    @Test
    void undefinedCodes_areNamedUnknownWithTheirValue() {
        assertThat(Ckr.name(0x4L)).isEqualTo("CKR_UNKNOWN(0x4)");
        Pkcs11Exception e = ReturnValues.exception("C_Sign", 0x4L, null);
        assertThat(e.getClass()).isEqualTo(Pkcs11Exception.class);
        assertThat(e.getMessage()).contains("CKR_UNKNOWN(0x4)");
    }

    @Test
    void codesWiderThan32Bits_doNotAliasSpecCodes() {
        // A garbage upper half must not turn into CKR_PIN_INCORRECT through an int cast.
        Pkcs11Exception e = ReturnValues.exception("C_Login", 0x1_0000_00A0L, null);
        assertThat(e.getClass()).isEqualTo(Pkcs11Exception.class);
    }

    @Test
    void everyNamedCode_producesAMessageWithAdvice() {
        for (Map.Entry<Long, String> code : Ckr.names().entrySet()) {
            if (code.getKey() == Ckr.CKR_OK) {
                continue;
            }
            Pkcs11Exception e = ReturnValues.exception("C_X", code.getKey(), null);
            assertThat(e.getMessage()).contains(code.getValue()).endsWith(".");
            assertThat(e.getMessage().length()).isGreaterThan(("C_X failed with " + code.getValue()).length() + 20);
        }
    }

    @Test
    void check_passesOnOk() {
        assertThatCode(() -> ReturnValues.check("C_X", Ckr.CKR_OK)).doesNotThrowAnyException();
    }
}
