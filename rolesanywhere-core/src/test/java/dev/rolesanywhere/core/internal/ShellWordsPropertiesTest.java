package dev.rolesanywhere.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.CredentialProcessLine;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Quoting any words the way a person would in a config file, then splitting, gives the words back. */
class ShellWordsPropertiesTest {

    @Property
    void split_undoesSingleQuoting(@ForAll @Size(max = 8) List<@StringLength(max = 20)
            @Chars({' ', '\t', '\'', '"', '\\', '$', ';', '=', '-', ':', '/'}) @CharRange(from = 'a', to = 'z')
            String> words) {
        // POSIX way to put a single quote inside single quotes: close, escaped quote, reopen.
        String line = words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));

        assertThat(ShellWords.split(line, "test")).isEqualTo(words);
    }

    @Property
    void split_undoesDoubleQuoting(@ForAll @Size(max = 8) List<@StringLength(max = 20)
            @Chars({' ', '\t', '\'', '"', '\\', '$', ';', '=', '-', ':', '/'}) @CharRange(from = 'a', to = 'z')
            String> words) {
        String line = words.stream()
                .map(w -> "\"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining("  "));

        assertThat(ShellWords.split(line, "test")).isEqualTo(words);
    }

    @Property
    void parse_ofAnyLine_eitherSucceedsOrExplainsWithAConfigurationException(@ForAll String line) {
        Throwable thrown = catchThrowable(() -> CredentialProcessLine.parse(line, "test"));

        assertThat(thrown).satisfiesAnyOf(
                t -> assertThat(t).isNull(),
                t -> assertThat(t).isInstanceOf(ConfigurationException.class));
    }

    @Property
    void parse_ofHelperLinesWithArbitraryOptions_eitherSucceedsOrExplains(
            @ForAll @Size(max = 6) List<@StringLength(max = 30) String> arguments) {
        String line = "aws_signing_helper credential-process " + arguments.stream()
                .map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));

        Throwable thrown = catchThrowable(() -> CredentialProcessLine.parse(line, "test"));

        assertThat(thrown).satisfiesAnyOf(
                t -> assertThat(t).isNull(),
                t -> assertThat(t).isInstanceOf(ConfigurationException.class));
    }
}
