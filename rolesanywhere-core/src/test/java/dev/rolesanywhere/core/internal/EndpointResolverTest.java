package dev.rolesanywhere.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EndpointResolverTest {

    private static Arn anchor(String partition, String region) {
        return Arn.trustAnchor("arn:" + partition + ":rolesanywhere:" + region + ":123456789012:trust-anchor/abc-1");
    }

    @ParameterizedTest(name = "{0} {1} fips={2} dualstack={3} -> {4}")
    @CsvSource({
            "aws,        us-east-1,      false, false, https://rolesanywhere.us-east-1.amazonaws.com/sessions",
            "aws,        eu-west-2,      true,  false, https://rolesanywhere-fips.eu-west-2.amazonaws.com/sessions",
            "aws,        us-east-1,      false, true,  https://rolesanywhere.us-east-1.api.aws/sessions",
            "aws,        us-east-1,      true,  true,  https://rolesanywhere-fips.us-east-1.api.aws/sessions",
            "aws-cn,     cn-north-1,     false, false, https://rolesanywhere.cn-north-1.amazonaws.com.cn/sessions",
            "aws-cn,     cn-northwest-1, false, true,  https://rolesanywhere.cn-northwest-1.api.amazonwebservices.com.cn/sessions",
            "aws-us-gov, us-gov-west-1,  false, false, https://rolesanywhere.us-gov-west-1.amazonaws.com/sessions",
            "aws-us-gov, us-gov-west-1,  true,  false, https://rolesanywhere-fips.us-gov-west-1.amazonaws.com/sessions",
            "aws-us-gov, us-gov-east-1,  false, true,  https://rolesanywhere.us-gov-east-1.api.aws/sessions",
            "aws-iso,    us-iso-east-1,  false, false, https://rolesanywhere.us-iso-east-1.c2s.ic.gov/sessions",
            "aws-iso-b,  us-isob-east-1, false, false, https://rolesanywhere.us-isob-east-1.sc2s.sgov.gov/sessions",
            "aws-iso-e,  eu-isoe-west-1, false, false, https://rolesanywhere.eu-isoe-west-1.cloud.adc-e.uk/sessions",
            "aws-iso-f,  us-isof-south-1, false, false, https://rolesanywhere.us-isof-south-1.csp.hci.ic.gov/sessions",
    })
    void resolve_forEachPartition_buildsTheDocumentedHost(String partition, String region, boolean fips,
            boolean dualstack, String expected) {
        ResolvedEndpoint endpoint = EndpointResolver.resolve(anchor(partition, region), null, null, fips, dualstack);

        assertThat(endpoint.sessionsUri()).hasToString(expected);
        assertThat(endpoint.signingRegion()).isEqualTo(region);
        assertThat(endpoint.canonicalUri()).isEqualTo("/sessions");
        assertThat(endpoint.hostHeader()).isEqualTo(URI.create(expected).getHost());
    }

    @ParameterizedTest
    @CsvSource({"us-gov-west-1-fips", "fips-us-gov-west-1", "US-GOV-WEST-1-FIPS"})
    void resolve_withAFipsRegionName_usesTheFipsHostButNeverSignsWithTheFipsName(String region) {
        ResolvedEndpoint endpoint = EndpointResolver.resolve(anchor("aws-us-gov", "us-gov-west-1"), region, null,
                false, false);

        assertThat(endpoint.hostHeader()).isEqualTo("rolesanywhere-fips.us-gov-west-1.amazonaws.com");
        assertThat(endpoint.signingRegion()).isEqualTo("us-gov-west-1");
    }

    @Test
    void resolve_withARegionOverride_callsAndSignsForThatRegion() {
        ResolvedEndpoint endpoint = EndpointResolver.resolve(anchor("aws", "us-east-1"), "eu-central-1", null,
                false, false);

        assertThat(endpoint.hostHeader()).isEqualTo("rolesanywhere.eu-central-1.amazonaws.com");
        assertThat(endpoint.signingRegion()).isEqualTo("eu-central-1");
    }

    @Test
    void resolve_withARegionFromAnotherPartition_isRejected() {
        assertThatThrownBy(() -> EndpointResolver.resolve(anchor("aws", "us-east-1"), "cn-north-1", null, false,
                false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'cn-north-1' is in partition aws-cn")
                .hasMessageContaining("trust anchor is in partition aws");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "https://ra.example.com,                    https://ra.example.com/sessions,             ra.example.com,           /sessions",
            "https://ra.example.com/,                   https://ra.example.com/sessions,             ra.example.com,           /sessions",
            "https://ra.example.com/prefix,             https://ra.example.com/prefix/sessions,      ra.example.com,           /prefix/sessions",
            "https://ra.example.com/a/b-c/,             https://ra.example.com/a/b-c/sessions,       ra.example.com,           /a/b-c/sessions",
            "https://RA.Example.com:443/p,              https://ra.example.com/p/sessions,           ra.example.com,           /p/sessions",
            "https://127.0.0.1:8443/p,                  https://127.0.0.1:8443/p/sessions,           127.0.0.1:8443,           /p/sessions",
            "http://localhost:9000/mock,                http://localhost:9000/mock/sessions,         localhost:9000,           /mock/sessions",
            "http://127.0.0.1:80,                       http://127.0.0.1/sessions,                   127.0.0.1,                /sessions",
            "http://[::1]:9000,                         http://[::1]:9000/sessions,                  [::1]:9000,               /sessions",
    })
    void resolve_withACustomEndpoint_keepsThePathPrefixAndSignsIt(String custom, String uri, String host,
            String canonicalUri) {
        ResolvedEndpoint endpoint = EndpointResolver.resolve(anchor("aws", "us-west-2"), null, URI.create(custom),
                false, false);

        assertThat(endpoint.sessionsUri()).hasToString(uri);
        assertThat(endpoint.hostHeader()).isEqualTo(host);
        assertThat(endpoint.canonicalUri()).isEqualTo(canonicalUri);
        assertThat(endpoint.signingRegion()).isEqualTo("us-west-2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://ra.example.com/prefix       | plain http to a host that is not the loopback",
            "http://10.0.0.5:8080               | plain http to a host that is not the loopback",
            "http://128.0.0.1                   | plain http to a host that is not the loopback",
            "ftp://ra.example.com               | must be an absolute https:// URL",
            "ra.example.com                     | must be an absolute https:// URL",
            "https://user@ra.example.com        | must not contain user info",
            "https://ra.example.com/p?x=1       | must not contain user info, a query",
            "https://ra.example.com/sessions    | already ends with /sessions",
            "https://ra.example.com/a%20b       | path prefix with the character '%'",
            "https://ra.example.com/a//b        | empty path segment",
    })
    void resolve_withABadCustomEndpoint_explainsWhatIsWrong(String custom, String message) {
        assertThatThrownBy(() -> EndpointResolver.resolve(anchor("aws", "us-east-1"), null, URI.create(custom),
                false, false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(message);
        assertThatThrownBy(() -> EndpointResolver.validateOptions(null, URI.create(custom), false, false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void resolve_withDualstackInAnIsoPartition_isRejected() {
        assertThatThrownBy(() -> EndpointResolver.resolve(anchor("aws-iso", "us-iso-east-1"), null, null, false,
                true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("partition aws-iso has no dual-stack");
    }

    @Test
    void validateOptions_withACustomEndpointAndFips_isRejected() {
        assertThatThrownBy(() -> EndpointResolver.validateOptions(null, URI.create("https://ra.example.com"), true,
                false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is used as given, so unset one of them")
                .hasMessageContaining("AWS_USE_FIPS_ENDPOINT");
    }

    @Test
    void validateOptions_withAMisspelledRegion_isRejected() {
        assertThatThrownBy(() -> EndpointResolver.validateOptions("useast1", null, false, false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("region 'useast1' is not a region name");
    }
}
