package dev.rolesanywhere.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.MalformedCredentialsException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden texts for the credentials-file edit: each expected file is written out by hand. */
class CredentialsFileEditorTest {

    private static final Map<String, String> NEW = credentials("AKIDNEW", "secretNEW", "tokenNEW");

    private static Map<String, String> credentials(String id, String secret, String token) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("aws_access_key_id", id);
        m.put("aws_secret_access_key", secret);
        m.put("aws_session_token", token);
        return m;
    }

    @Test
    void update_withALineBreakOrControlCharacterInAValue_refusesIt_namingThePropertyButNotTheValue() {
        String original = "[ra]\naws_access_key_id = AKIDOLD\n";
        for (String smuggled : new String[] {"\ncredential_process = /tmp/x", "\r", "\u0000", "\u001b[2J", "\u0085",
            "\u2028"}) {
            Map<String, String> hostile = credentials("AKIDNEW", "secretNEW", "tokenNEW" + smuggled);

            assertThatThrownBy(() -> CredentialsFileEditor.update(original, "ra", hostile))
                    .as("%x", (int) smuggled.charAt(0))
                    .isInstanceOf(MalformedCredentialsException.class)
                    .hasMessageContaining("aws_session_token").hasMessageContaining("nothing was written")
                    .hasMessageNotContaining("tokenNEW").hasMessageNotContaining("credential_process");
        }
    }

    @Test
    void update_withAPropertyNameThatWouldSplitTheLine_refusesIt() {
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("aws_session_token\ncredential_process", "x");

        assertThatThrownBy(() -> CredentialsFileEditor.update("", "ra", hostile))
                .isInstanceOf(MalformedCredentialsException.class)
                .hasMessageContaining("property name");
    }

    @Test
    void update_whenFileIsEmpty_writesOnlyTheSection() {
        assertThat(CredentialsFileEditor.update("", "ra", NEW)).isEqualTo(
                "[ra]\n"
                + "aws_access_key_id = AKIDNEW\n"
                + "aws_secret_access_key = secretNEW\n"
                + "aws_session_token = tokenNEW\n");
    }

    @Test
    void update_whenProfileIsAbsent_appendsItAfterABlankLine_keepingEverythingElse() {
        String original = "# my keys\n[default]\naws_access_key_id = AKIDOLD ; inline\nregion=eu-west-1\n";
        assertThat(CredentialsFileEditor.update(original, "ra", NEW)).isEqualTo(
                "# my keys\n[default]\naws_access_key_id = AKIDOLD ; inline\nregion=eu-west-1\n"
                + "\n"
                + "[ra]\n"
                + "aws_access_key_id = AKIDNEW\n"
                + "aws_secret_access_key = secretNEW\n"
                + "aws_session_token = tokenNEW\n");
    }

    @Test
    void update_whenFileLacksFinalNewline_addsOneBeforeTheNewSection() {
        assertThat(CredentialsFileEditor.update("[default]\nregion=x", "ra", NEW)).isEqualTo(
                "[default]\nregion=x\n\n[ra]\naws_access_key_id = AKIDNEW\naws_secret_access_key = secretNEW\n"
                + "aws_session_token = tokenNEW\n");
    }

    @Test
    void update_whenProfileIsPresent_replacesValuesInPlace_andKeepsItsOtherLines() {
        String original = "[ra]\n"
                + "# refreshed by rolesanywhere\n"
                + "aws_secret_access_key=old-secret\n"
                + "region = us-east-1\n"
                + "aws_access_key_id   =   AKIDOLD\n"
                + "aws_session_token = old-token\n"
                + "\n"
                + "[other]\n"
                + "aws_access_key_id = AKIDOTHER\n";
        assertThat(CredentialsFileEditor.update(original, "ra", NEW)).isEqualTo("[ra]\n"
                + "# refreshed by rolesanywhere\n"
                + "aws_secret_access_key = secretNEW\n"
                + "region = us-east-1\n"
                + "aws_access_key_id = AKIDNEW\n"
                + "aws_session_token = tokenNEW\n"
                + "\n"
                + "[other]\n"
                + "aws_access_key_id = AKIDOTHER\n");
    }

    @Test
    void update_whenSomeKeysAreMissing_addsThemAfterTheSectionsLastProperty_beforeCommentsOfTheNext() {
        String original = "[ra]\n"
                + "aws_access_key_id = AKIDOLD\n"
                + "region = us-east-1\n"
                + "\n"
                + "# the next one is for CI\n"
                + "[ci]\n"
                + "aws_access_key_id = AKIDCI\n";
        assertThat(CredentialsFileEditor.update(original, "ra", NEW)).isEqualTo("[ra]\n"
                + "aws_access_key_id = AKIDNEW\n"
                + "region = us-east-1\n"
                + "aws_secret_access_key = secretNEW\n"
                + "aws_session_token = tokenNEW\n"
                + "\n"
                + "# the next one is for CI\n"
                + "[ci]\n"
                + "aws_access_key_id = AKIDCI\n");
    }

    @Test
    void update_whenProfileIsLastAndHasNoFinalNewline_keepsItsLastLine() {
        String original = "[default]\nregion = x\n\n[ra]\nregion = us-east-1\naws_session_token = old";
        assertThat(CredentialsFileEditor.update(original, "ra", NEW)).isEqualTo(
                "[default]\nregion = x\n\n[ra]\nregion = us-east-1\naws_session_token = tokenNEW\n"
                + "aws_access_key_id = AKIDNEW\naws_secret_access_key = secretNEW\n");
    }

    @Test
    void update_whenProfileIsLastWithNoProperties_addsThemUnderTheHeader() {
        assertThat(CredentialsFileEditor.update("[a]\nx = 1\n[ra]", "ra", NEW)).isEqualTo(
                "[a]\nx = 1\n[ra]\naws_access_key_id = AKIDNEW\naws_secret_access_key = secretNEW\n"
                + "aws_session_token = tokenNEW\n");
    }

    @Test
    void update_whenSectionIsDuplicated_writesTheFirst_andDropsOurKeysFromTheLaterOnes() {
        String original = "[ra]\n"
                + "aws_access_key_id = AKID1\n"
                + "[other]\n"
                + "x = 1\n"
                + "[ra]\n"
                + "aws_session_token = stale\n"
                + "role_session_name = kept\n";
        assertThat(CredentialsFileEditor.update(original, "ra", NEW)).isEqualTo("[ra]\n"
                + "aws_access_key_id = AKIDNEW\n"
                + "aws_secret_access_key = secretNEW\n"
                + "aws_session_token = tokenNEW\n"
                + "[other]\n"
                + "x = 1\n"
                + "[ra]\n"
                + "role_session_name = kept\n");
    }

    @Test
    void update_whenAKeyIsRepeatedInsideTheSection_keepsOneLine() {
        assertThat(CredentialsFileEditor.update(
                "[ra]\naws_session_token = a\naws_session_token = b\n", "ra", NEW)).isEqualTo(
                "[ra]\naws_session_token = tokenNEW\naws_access_key_id = AKIDNEW\naws_secret_access_key = secretNEW\n");
    }

    @Test
    void update_leavesProfilePrefixedSectionsAlone_becauseTheCredentialsFileIgnoresThatForm() {
        String original = "[profile ra]\naws_access_key_id = AKIDCONFIGFORM\n";
        assertThat(CredentialsFileEditor.update(original, "ra", NEW)).isEqualTo(
                "[profile ra]\naws_access_key_id = AKIDCONFIGFORM\n\n[ra]\naws_access_key_id = AKIDNEW\n"
                + "aws_secret_access_key = secretNEW\naws_session_token = tokenNEW\n");
    }

    @Test
    void update_matchesHeadersWithSpacesAndTrailingComments() {
        assertThat(CredentialsFileEditor.update("[ ra ] # mine\naws_access_key_id=x\n", "ra", NEW)).isEqualTo(
                "[ ra ] # mine\naws_access_key_id = AKIDNEW\naws_secret_access_key = secretNEW\n"
                + "aws_session_token = tokenNEW\n");
    }

    @Test
    void update_withCrlfLineEnds_usesCrlfForEveryLineItWrites() {
        String original = "[default]\r\nregion = x\r\n\r\n[ra]\r\naws_session_token = old\r\n";
        assertThat(CredentialsFileEditor.update(original, "ra", NEW)).isEqualTo(
                "[default]\r\nregion = x\r\n\r\n[ra]\r\naws_session_token = tokenNEW\r\n"
                + "aws_access_key_id = AKIDNEW\r\naws_secret_access_key = secretNEW\r\n");
        assertThat(CredentialsFileEditor.update("[default]\r\nregion = x\r\n", "ra", NEW)).isEqualTo(
                "[default]\r\nregion = x\r\n\r\n[ra]\r\naws_access_key_id = AKIDNEW\r\n"
                + "aws_secret_access_key = secretNEW\r\naws_session_token = tokenNEW\r\n");
    }

    @Test
    void update_dropsContinuationLinesOfAReplacedValue_butKeepsOthers() {
        String original = "[ra]\naws_session_token = part1\n  part2\ns3 =\n  max_concurrent_requests = 2\n";
        assertThat(CredentialsFileEditor.update(original, "ra", NEW)).isEqualTo(
                "[ra]\naws_session_token = tokenNEW\ns3 =\n  max_concurrent_requests = 2\n"
                + "aws_access_key_id = AKIDNEW\naws_secret_access_key = secretNEW\n");
    }

    @Test
    void update_keepsNonAsciiAndInvalidUtf8BytesExactly() {
        byte[] bytes = {'#', ' ', (byte) 0xC3, (byte) 0xA9, ' ', (byte) 0xFF, '\n', '[', 'r', 'a', ']', '\n'};
        String original = new String(bytes, StandardCharsets.ISO_8859_1);
        byte[] updated = CredentialsFileEditor.update(original, "ra", NEW).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(updated).startsWith(bytes);
    }

    @Test
    void update_findsANonAsciiProfileName() {
        String original = new String("[prod-é]\nx = 1\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String updated = CredentialsFileEditor.update(original, "prod-é", NEW);
        assertThat(new String(updated.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)).isEqualTo(
                "[prod-é]\nx = 1\naws_access_key_id = AKIDNEW\naws_secret_access_key = secretNEW\n"
                + "aws_session_token = tokenNEW\n");
    }

    @Test
    void update_refusesNamesTheFileCannotHold() {
        assertThatThrownBy(() -> CredentialsFileEditor.update("", "profile ra", NEW))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("--profile ra");
        assertThatThrownBy(() -> CredentialsFileEditor.update("", "a]b", NEW))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("']'");
        assertThatThrownBy(() -> CredentialsFileEditor.update("", " ", NEW))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("--profile NAME");
    }

    @Test
    void update_isIdempotent() {
        String once = CredentialsFileEditor.update("# c\n[x]\na = 1\n", "ra", NEW);
        assertThat(CredentialsFileEditor.update(once, "ra", NEW)).isEqualTo(once);
    }
}
