package dev.rolesanywhere.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** Malformed requests get a typed error that names the problem; the request log can be awaited. */
class RequestValidationTest {
    static TestCertificateAuthority ca;
    static RolesAnywhereEmulator emulator;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCertificateAuthority.create();
        emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build().start();
        http = EmulatorHttp.client(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void resetLog() {
        emulator.requestLog().clear();
    }

    private static TestCreateSessionRequest request() {
        return new TestCreateSessionRequest(emulator, http, ca.issueClientCertificate());
    }

    private static String message(HttpResponse<String> response) {
        return JsonNode.parser().parse(response.body()).field("message").get().asString();
    }

    private static HttpResponse<String> raw(String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/sessions"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void missingOrGarbledAuthorization_isAccessDeniedNamingTheProblem() throws Exception {
        HttpResponse<String> missing = raw(null, "{}");
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(message(missing)).isEqualTo("Authorization header is missing");
        HttpResponse<String> garbled = raw("AWS4-X509-RSA-SHA256 Credential=1/2/3", "{}");
        assertThat(garbled.statusCode()).isEqualTo(403);
        assertThat(message(garbled)).contains("id/yyyyMMdd/region/service/aws4_request");
        LoggedRequest logged = emulator.requestLog().last().orElseThrow();
        assertThat(logged.algorithm()).isEmpty();
        assertThat(logged.errorType()).hasValue("AccessDeniedException");
    }

    @Test
    void bodyThatIsNotAJsonObject_isAValidationError() throws Exception {
        HttpResponse<String> notJson = request().durationSeconds(900).sendBodyInstead("not json").send();
        // The tampered body fails the signature first: the service authenticates before it parses.
        assertThat(notJson.statusCode()).isEqualTo(403);
        HttpResponse<String> array = request().signedBody("[1,2]").send();
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(message(array)).isEqualTo("Request body must be a JSON object");
        HttpResponse<String> broken = request().signedBody("{\"durationSeconds\":").send();
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(message(broken)).isEqualTo("Request body is not valid JSON");
    }

    @Test
    void durationOfTheWrongType_isAValidationError() throws Exception {
        HttpResponse<String> text = request().signedBody("{\"durationSeconds\":\"3600\"}").send();
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(message(text)).contains("durationSeconds must be a JSON number");
        HttpResponse<String> fraction = request().signedBody("{\"durationSeconds\":3600.5}").send();
        assertThat(fraction.statusCode()).isEqualTo(400);
        assertThat(message(fraction)).contains("whole number");
    }

    @Test
    void arnsMissingOrContradictory_areValidationErrors() throws Exception {
        HttpResponse<String> missing = request().trustAnchorArn("").send();
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(message(missing)).contains("trustAnchorArn is required");
        HttpResponse<String> contradictory = request().signedBody("{\"roleArn\":\"arn:aws:iam::123456789012:role/x\"}")
                .send();
        assertThat(contradictory.statusCode()).isEqualTo(400);
        assertThat(message(contradictory)).contains("roleArn differs between the query string and the body");
    }

    @Test
    void awaitCount_wakesWhenABackgroundRequestIsAnswered() throws Exception {
        assertThat(emulator.requestLog().awaitCount(1, Duration.ofMillis(50))).isFalse();
        CompletableFuture<HttpResponse<String>> background = CompletableFuture.supplyAsync(() -> {
            try {
                return request().send();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(emulator.requestLog().awaitCount(1, Duration.ofSeconds(30))).isTrue();
        assertThat(background.get().statusCode()).isEqualTo(201);
        assertThat(emulator.requestLog().count()).isEqualTo(1);
    }
}
