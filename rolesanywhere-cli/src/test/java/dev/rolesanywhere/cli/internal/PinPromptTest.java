package dev.rolesanywhere.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.PinCallback;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI's context-specific PIN prompt, with and without a terminal (as under credential_process without one). */
class PinPromptTest {
    private static CliContext withoutTerminal(Map<String, String> environment) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new CliContext(quiet, quiet, environment, () -> null, Clock.systemUTC(), Paths.get("."));
    }

    @Test
    void contextSpecific_withoutATerminal_isNotOffered_soNobodyWaitsForAnAnswer() {
        assertThat(PinPrompt.contextSpecific(withoutTerminal(Map.of()))).isNull();
    }

    @Test
    void contextSpecific_onATerminal_asksThePersonEachTime_andIsNeverRepeatedOnItsOwn() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        List<String> asked = new ArrayList<>();
        SecretPrompt terminal = prompt -> {
            asked.add(prompt);
            return "2468".toCharArray();
        };
        CliContext context = new CliContext(quiet, quiet, Map.of(), () -> terminal, Clock.systemUTC(), Paths.get("."));

        PinCallback prompt = PinPrompt.contextSpecific(context);

        assertThat(prompt.pin()).containsExactly('2', '4', '6', '8');
        assertThat(prompt.pin()).containsExactly('2', '4', '6', '8');
        assertThat(asked).hasSize(2).allMatch(p -> p.contains("Context-specific PIN"));
        assertThat(prompt.isReusable()).isFalse();
    }

    @Test
    void contextSpecific_whenInputEnds_failsWithATypedErrorInsteadOfAnEmptyPin() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        CliContext context = new CliContext(quiet, quiet, Map.of(), () -> prompt -> null, Clock.systemUTC(),
                Paths.get("."));

        assertThatThrownBy(() -> PinPrompt.contextSpecific(context).pin()).isInstanceOf(KeySourceException.class)
                .hasMessageContaining("end of input");
    }
}
