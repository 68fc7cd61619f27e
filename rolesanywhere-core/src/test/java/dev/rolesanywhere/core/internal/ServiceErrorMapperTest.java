package dev.rolesanywhere.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.AccessDeniedException;
import dev.rolesanywhere.core.ResourceNotFoundException;
import dev.rolesanywhere.core.RolesAnywhereServiceException;
import dev.rolesanywhere.core.ServiceUnavailableException;
import dev.rolesanywhere.core.ThrottlingException;
import dev.rolesanywhere.core.ValidationException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceErrorMapperTest {

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void map_takesTheTypeFromTheHeaderAndDropsItsSuffix() {
        RolesAnywhereServiceException e = ServiceErrorMapper.map(403,
                "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.rolesanywhere/", "req-1",
                json("{\"message\":\"Untrusted certificate. Insufficient certificate\"}"));

        assertThat(e).isInstanceOf(AccessDeniedException.class);
        assertThat(e.errorType()).isEqualTo("AccessDeniedException");
        assertThat(e.serviceMessage()).isEqualTo("Untrusted certificate. Insufficient certificate");
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.requestId()).isEqualTo("req-1");
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage())
                .startsWith("CreateSession failed with HTTP 403 AccessDeniedException: Untrusted certificate. "
                        + "Insufficient certificate (request id req-1). ")
                .contains("add the issuing CA to the trust anchor");
    }

    @Test
    void map_withoutAHeader_readsTypeFromTheBodyAndStripsANamespace() {
        RolesAnywhereServiceException e = ServiceErrorMapper.map(404, null, null,
                json("{\"__type\":\"com.amazonaws.rolesanywhere#ResourceNotFoundException\","
                        + "\"message\":\"Profile not found\"}"));

        assertThat(e).isInstanceOf(ResourceNotFoundException.class);
        assertThat(e.errorType()).isEqualTo("ResourceNotFoundException");
        assertThat(e.requestId()).isNull();
        assertThat(e.getMessage()).contains("Check the trust anchor, profile and role ARNs");
    }

    @Test
    void map_readsACodeMemberToo() {
        RolesAnywhereServiceException e = ServiceErrorMapper.map(400, null, "r",
                json("{\"code\":\"ValidationException\",\"message\":\"durationSeconds exceeds the profile's "
                        + "maximum\"}"));

        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(e.getMessage()).contains("no more than the profile's durationSeconds");
    }

    @Test
    void map_throttlingIsRetryableEvenWhenSentAs400() {
        RolesAnywhereServiceException e = ServiceErrorMapper.map(400, "ThrottlingException", null,
                json("{\"message\":\"Rate exceeded\"}"));

        assertThat(e).isInstanceOf(ThrottlingException.class);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("cache the credentials");
    }

    @Test
    void map_429WithAnEmptyBody_isThrottling() {
        RolesAnywhereServiceException e = ServiceErrorMapper.map(429, null, null, new byte[0]);

        assertThat(e).isInstanceOf(ThrottlingException.class);
        assertThat(e.errorType()).isNull();
        assertThat(e.serviceMessage()).isNull();
    }

    @Test
    void map_5xxWithAnHtmlBody_isServiceUnavailableAndRetryable() {
        RolesAnywhereServiceException e = ServiceErrorMapper.map(502, null, null,
                json("<html><body>Bad gateway</body></html>"));

        assertThat(e).isInstanceOf(ServiceUnavailableException.class);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).startsWith("CreateSession failed with HTTP 502.");
    }

    @Test
    void map_unknownClientErrorType_isTheBaseTypeAndNotRetryable() {
        RolesAnywhereServiceException e = ServiceErrorMapper.map(409, "ConflictException", null, new byte[0]);

        assertThat(e.getClass()).isEqualTo(RolesAnywhereServiceException.class);
        assertThat(e.retryable()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Signature expired: request date is too far from the current time | synchronise this machine's clock (NTP)",
            "Invalid signature                                                | private key belongs to the certificate",
            "Role is not authorized by the profile                            | add the role ARN to the profile's roleArns",
            "Role session name is not permitted                               | enable acceptRoleSessionName",
            "Certificate has been revoked                                     | has been revoked",
            "Credential scope region 'eu-west-1' does not match us-east-1    | leave the client's region unset",
            "Credential serial number '1f' is not decimal                     | serial number in decimal",
            "Header 'x-amz-x509-chain' is sent but not signed                 | changed the request after it was signed",
            "Certificate expired                                              | outside its validity period",
            "Untrusted certificate. Insufficient certificate                  | add the issuing CA to the trust anchor",
            "Access denied                                                    | Check that the certificate chains to the trust anchor",
    })
    void map_accessDenied_explainsTheLikelyFix(String serviceMessage, String fix) {
        RolesAnywhereServiceException e = ServiceErrorMapper.map(403, "AccessDeniedException", null,
                json("{\"message\":\"" + serviceMessage + "\"}"));

        assertThat(e).isInstanceOf(AccessDeniedException.class);
        assertThat(e.getMessage()).contains(fix);
    }
}
