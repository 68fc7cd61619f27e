package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.testing.JcaTestSigner;
import dev.rolesanywhere.core.testing.TestFiles;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CreateSessionRequestTest {
    static final String TRUST_ANCHOR = "arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/4579702c-1ab9-4e30";
    static final String PROFILE = "arn:aws:rolesanywhere:eu-west-1:123456789012:profile/0f4c9c2e-f7c1-4d5b";
    static final String ROLE = "arn:aws:iam::123456789012:role/service/ReadOnly";

    private static final Signer SIGNER = new JcaTestSigner(
            TestFiles.privateKey(TestFiles.resource("golden/leaf-key.pem")),
            TestFiles.certificate(TestFiles.resource("golden/leaf.pem")), Collections.emptyList());

    private static CreateSessionRequest.Builder valid() {
        return CreateSessionRequest.builder().signer(SIGNER).trustAnchorArn(TRUST_ANCHOR).profileArn(PROFILE)
                .roleArn(ROLE);
    }

    @Test
    void build_withOnlyTheRequiredValues_defaultsToOneHourAndNoSessionName() {
        CreateSessionRequest request = valid().build();

        assertThat(request.duration()).isEqualTo(Duration.ofHours(1));
        assertThat(request.roleSessionName()).isEmpty();
        assertThat(request.region()).isEqualTo("eu-west-1");
        assertThat(request.signer()).isSameAs(SIGNER);
        assertThat(request.toBuilder().build()).isEqualTo(request);
    }

    @Test
    void build_acceptsTheDurationLimitsThemselves() {
        assertThat(valid().duration(Duration.ofSeconds(900)).build().duration()).hasSeconds(900);
        assertThat(valid().duration(Duration.ofSeconds(43200)).build().duration()).hasSeconds(43200);
    }

    @ParameterizedTest
    @CsvSource({"899", "43201", "0", "-5"})
    void build_withADurationOutOfRange_namesTheRange(long seconds) {
        assertThatThrownBy(() -> valid().duration(Duration.ofSeconds(seconds)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("out of range")
                .hasMessageContaining("between 900 (15 minutes) and 43200 (12 hours)");
    }

    @Test
    void build_withAFractionalDuration_isRejected() {
        assertThatThrownBy(() -> valid().duration(Duration.ofMillis(1_000_500)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("whole seconds");
    }

    @Test
    void build_withTrustAnchorAndProfileInDifferentRegions_namesBothRegions() {
        assertThatThrownBy(() -> valid()
                .profileArn("arn:aws:rolesanywhere:eu-west-2:123456789012:profile/0f4c9c2e-f7c1-4d5b").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("trust anchor is in region 'eu-west-1'")
                .hasMessageContaining("profile is in region 'eu-west-2'");
    }

    @Test
    void build_withArnsFromDifferentPartitions_isRejected() {
        assertThatThrownBy(() -> valid().roleArn("arn:aws-cn:iam::123456789012:role/R").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("different partitions (aws, aws, aws-cn)");
    }

    @Test
    void build_withoutASigner_saysWhatToPass() {
        assertThatThrownBy(() -> valid().signer(null).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("signer is required");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "trustAnchorArn | ''                                                                          | trustAnchorArn is required",
            "trustAnchorArn | arn:aws:rolesanywhere:eu-west-1:123456789012:profile/0f4c9c2e                | must start with 'trust-anchor/'",
            "trustAnchorArn | arn:aws:iam:eu-west-1:123456789012:trust-anchor/0f4c9c2e                     | service must be 'rolesanywhere'",
            "trustAnchorArn | arn:aws:rolesanywhere:eu-west-1:12345678901:trust-anchor/0f4c9c2e            | '12345678901' must be exactly 12 digits",
            "trustAnchorArn | arn:aws:rolesanywhere:euwest1:123456789012:trust-anchor/0f4c9c2e             | region 'euwest1' is not a region name",
            "trustAnchorArn | arn:amazon:rolesanywhere:eu-west-1:123456789012:trust-anchor/0f4c9c2e        | partition 'amazon' is unknown",
            "trustAnchorArn | ' arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/0f4c9c2e'        | leading or trailing whitespace",
            "trustAnchorArn | arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/a b                | id must be letters, digits and '-'",
            "trustAnchorArn | rolesanywhere:eu-west-1:123456789012:trust-anchor/0f4c9c2e                   | does not have the form arn:PARTITION",
            "profileArn     | arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/4579702c-1ab9-4e30 | must start with 'profile/'",
            "roleArn        | arn:aws:iam:eu-west-1:123456789012:role/R                                    | IAM role ARNs have no region",
            "roleArn        | arn:aws:iam::123456789012:user/R                                             | resource must be 'role/NAME'",
            "roleArn        | arn:aws:iam::123456789012:role/path/bad!name                                 | resource must be 'role/NAME'",
            "roleArn        | arn:aws:iam::123456789012:role/                                              | resource must be 'role/NAME'",
            "roleArn        | arn:aws:sts::123456789012:assumed-role/R/s                                   | service must be 'iam'",
    })
    void build_withAMalformedArn_namesTheFieldAndTheProblem(String field, String value, String problem) {
        CreateSessionRequest.Builder builder = valid();
        switch (field) {
            case "trustAnchorArn":
                builder.trustAnchorArn(value);
                break;
            case "profileArn":
                builder.profileArn(value);
                break;
            default:
                builder.roleArn(value);
                break;
        }
        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(field)
                .hasMessageContaining(problem);
    }

    @ParameterizedTest
    @CsvSource({"a", "has space", "slash/inside", "x123456789012345678901234567890123456789012345678901234567890abcd"})
    void build_withAnInvalidSessionName_listsTheAllowedCharacters(String name) {
        assertThatThrownBy(() -> valid().roleSessionName(name).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("roleSessionName '" + name + "' is not valid")
                .hasMessageContaining("2 to 64 characters");
    }

    @Test
    void build_withARolePathOfPrintableAscii_acceptsIt() {
        assertThat(valid().roleArn("arn:aws:iam::123456789012:role/team!a/b~c/Deploy+CI").build().roleArn())
                .isEqualTo("arn:aws:iam::123456789012:role/team!a/b~c/Deploy+CI");
    }

    @Test
    void build_withAValidSessionName_keepsIt() {
        assertThat(valid().roleSessionName("ci-runner_7@example.com").build().roleSessionName())
                .contains("ci-runner_7@example.com");
    }
}
