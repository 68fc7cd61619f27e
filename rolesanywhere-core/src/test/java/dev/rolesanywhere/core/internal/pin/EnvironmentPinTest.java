package dev.rolesanywhere.core.internal.pin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentPinTest {
    private final Map<String, String> environment = new HashMap<>();
    private final EnvironmentPin pin = new EnvironmentPin("TOKEN_PIN", environment::get);

    @Test
    void pin_readsTheVariableOnEveryCall() {
        environment.put("TOKEN_PIN", "1234");
        assertThat(pin.pin()).containsExactly('1', '2', '3', '4');
        environment.put("TOKEN_PIN", "5678");
        assertThat(pin.pin()).containsExactly('5', '6', '7', '8');
        assertThat(pin.isReusable()).isTrue();
    }

    @Test
    void pin_returnsAFreshArrayEachCall() {
        environment.put("TOKEN_PIN", "1234");
        char[] first = pin.pin();
        first[0] = 'x';
        assertThat(pin.pin()).containsExactly('1', '2', '3', '4');
    }

    @Test
    void unsetVariable_isATypedErrorNamingIt() {
        assertThatThrownBy(pin::pin).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("TOKEN_PIN is not set").hasMessageContaining("export TOKEN_PIN");
    }

    @Test
    void emptyVariable_isATypedErrorNamingIt() {
        environment.put("TOKEN_PIN", "");
        assertThatThrownBy(pin::pin).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("TOKEN_PIN is empty");
    }

    @Test
    void toString_namesTheVariableButNotItsValue() {
        environment.put("TOKEN_PIN", "9876");
        assertThat(pin.toString()).contains("TOKEN_PIN").doesNotContain("9876");
    }
}
