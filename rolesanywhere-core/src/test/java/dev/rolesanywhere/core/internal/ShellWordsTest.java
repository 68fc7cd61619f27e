package dev.rolesanywhere.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void split_separatesOnAnyRunOfBlanks() {
        assertThat(ShellWords.split("  a \t b\n c  ", "test")).containsExactly("a", "b", "c");
    }

    @Test
    void split_keepsSingleQuotedTextLiterally() {
        assertThat(ShellWords.split("--certificate '/my certs/$HOME\\leaf.pem'", "test"))
                .containsExactly("--certificate", "/my certs/$HOME\\leaf.pem");
    }

    @Test
    void split_honoursEscapedQuotesAndBackslashesInDoubleQuotes() {
        assertThat(ShellWords.split("\"a \\\"b\\\" c\\\\d\\n\"", "test")).containsExactly("a \"b\" c\\d\\n");
    }

    @Test
    void split_joinsAdjacentQuotedAndUnquotedParts() {
        assertThat(ShellWords.split("--x=\"a b\"'c d'e", "test")).containsExactly("--x=a bc de");
    }

    @Test
    void split_keepsWindowsPathsUnquoted_butLetsBackslashEscapeABlank() {
        assertThat(ShellWords.split("C:\\certs\\leaf.pem my\\ file", "test"))
                .containsExactly("C:\\certs\\leaf.pem", "my file");
    }

    @Test
    void split_keepsEmptyQuotedWords() {
        assertThat(ShellWords.split("a '' \"\" b", "test")).containsExactly("a", "", "", "b");
    }

    @Test
    void split_withUnterminatedQuote_namesTheQuoteAndWhereItIs() {
        assertThatThrownBy(() -> ShellWords.split("helper --certificate '/x.pem", "credential_process of profile 'p'"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Unterminated ' quote")
                .hasMessageContaining("profile 'p'");
        assertThatThrownBy(() -> ShellWords.split("helper \"abc", "here"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Unterminated \" quote");
    }
}
