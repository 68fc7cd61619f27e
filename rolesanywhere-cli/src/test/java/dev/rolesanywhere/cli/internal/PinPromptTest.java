package dev.rolesanywhere.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI's PIN sources when no terminal is attached, as under credential_process. */
class PinPromptTest {
    private static CliContext withoutTerminal(Map<String, String> environment) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new CliContext(quiet, quiet, environment, () -> null, Clock.systemUTC(), Paths.get("."));
    }

    @Test
    void contextSpecific_withoutATerminal_isNotOffered_soNobodyWaitsForAnAnswer() {
        assertThat(PinPrompt.contextSpecific(withoutTerminal(Map.of()))).isNull();
    }
}
