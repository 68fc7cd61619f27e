package dev.rolesanywhere.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** Injected faults: queued, delayed, dropped, malformed and seeded-random. */
class FaultsTest {
    private TestCertificateAuthority ca;
    private IssuedCertificate client;
    private RolesAnywhereEmulator emulator;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        ca = TestCertificateAuthority.create();
        client = ca.issueClientCertificate();
        emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build().start();
        http = EmulatorHttp.client(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private HttpResponse<String> send() throws Exception {
        return new TestCreateSessionRequest(emulator, http, client).send();
    }

    @Test
    void throttleNext_answersThrottlingThenRecovers() throws Exception {
        emulator.faults().throttleNext(2);
        assertThat(emulator.faults().pending()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = send();
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("ThrottlingException");
            assertThat(JsonNode.parser().parse(response.body()).field("message").get().asString()).isNotBlank();
        }
        assertThat(send().statusCode()).isEqualTo(201);
        assertThat(emulator.faults().pending()).isZero();
        assertThat(emulator.requestLog().entries()).extracting(LoggedRequest::statusCode).containsExactly(429, 429, 201);
        assertThat(emulator.requestLog().entries().get(0).fault()).hasValue(FaultType.THROTTLING);
    }

    @Test
    void queuedFaults_applyInOrderWithTheirErrorTypes() throws Exception {
        emulator.faults().internalErrorNext(1).serviceUnavailableNext(1).throttleNext(1);
        HttpResponse<String> first = send();
        HttpResponse<String> second = send();
        HttpResponse<String> third = send();
        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(first.headers().firstValue("x-amzn-ErrorType")).hasValue("InternalServerException");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.headers().firstValue("x-amzn-ErrorType")).hasValue("ServiceUnavailableException");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(send().statusCode()).isEqualTo(201);
    }

    @Test
    void hostileCredentialsNext_answersRealCredentialsWhoseTokenCarriesACredentialProcessLine() throws Exception {
        emulator.faults().hostileCredentialsNext(1);

        HttpResponse<String> hostile = send();

        assertThat(hostile.statusCode()).isEqualTo(201);
        JsonNode credentials = JsonNode.parser().parse(hostile.body()).field("credentialSet").get().asArray().get(0)
                .field("credentials").get();
        String token = credentials.field("sessionToken").get().asString();
        assertThat(token).endsWith("\n" + FaultType.HOSTILE_LINE);
        assertThat(token.substring(0, token.indexOf('\n'))).matches("[A-Za-z0-9+/=]{300,}");
        assertThat(credentials.field("accessKeyId").get().asString()).matches("ASIA[A-Z2-7]{16}");
        assertThat(emulator.requestLog().last().orElseThrow().fault()).hasValue(FaultType.HOSTILE_CREDENTIALS);
        HttpResponse<String> next = send();
        assertThat(next.statusCode()).isEqualTo(201);
        assertThat(next.body()).doesNotContain("credential_process");
    }

    @Test
    void dropConnectionNext_closesWithoutAnswer() throws Exception {
        emulator.faults().dropConnectionNext(1);
        assertThatThrownBy(this::send).isInstanceOf(IOException.class);
        assertThat(emulator.requestLog().last().orElseThrow().statusCode()).isZero();
        assertThat(emulator.requestLog().last().orElseThrow().fault()).hasValue(FaultType.DROP_CONNECTION);
        assertThat(send().statusCode()).isEqualTo(201);
    }

    @Test
    void malformedBodyNext_answers201WithBrokenJson() throws Exception {
        emulator.faults().malformedBodyNext(1);
        HttpResponse<String> response = send();
        assertThat(response.statusCode()).isEqualTo(201);
        assertThatThrownBy(() -> JsonNode.parser().parse(response.body())).isInstanceOf(RuntimeException.class);
    }

    @Test
    void delayNext_holdsTheAnswerPastAClientTimeout() throws Exception {
        emulator.faults().delayNext(1, Duration.ofMinutes(1));
        HttpClient impatient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(EmulatorHttp.sslContext(emulator.trustStore())).build();
        TestCreateSessionRequest request = new TestCreateSessionRequest(emulator, impatient, client)
                .timeout(Duration.ofMillis(500));
        assertThatThrownBy(request::send).isInstanceOf(HttpTimeoutException.class);
        // Only the delayed request waits: the next one is answered at once.
        assertThat(send().statusCode()).isEqualTo(201);
    }

    @Test
    void clear_removesQueuedFaultsAndRandomPolicy() throws Exception {
        emulator.faults().throttleNext(5).randomFaults(RandomFaults.builder()
                .probability(FaultType.INTERNAL_ERROR, 1.0).build());
        emulator.faults().clear();
        assertThat(emulator.faults().pending()).isZero();
        assertThat(send().statusCode()).isEqualTo(201);
    }

    @Test
    void randomFaults_withTheSameSeed_repeatTheSameSequence() throws Exception {
        RandomFaults policy = RandomFaults.builder().seed(42)
                .probability(FaultType.THROTTLING, 0.3)
                .probability(FaultType.SERVICE_UNAVAILABLE, 0.2)
                .build();
        List<Integer> first = statusesUnder(policy, 30);
        List<Integer> second = statusesUnder(policy, 30);
        assertThat(first).isEqualTo(second);
        assertThat(first).contains(201, 429, 503).containsOnly(201, 429, 503);
    }

    @Test
    void randomFaults_withCertainty_failEveryRequest() throws Exception {
        emulator.faults().randomFaults(RandomFaults.builder().probability(FaultType.SERVICE_UNAVAILABLE, 1.0)
                .build());
        for (int i = 0; i < 5; i++) {
            assertThat(send().statusCode()).isEqualTo(503);
        }
        emulator.faults().randomFaults(null);
        assertThat(send().statusCode()).isEqualTo(201);
    }

    @Test
    void invalidFaultSettings_areRefused() {
        assertThatThrownBy(() -> emulator.faults().throttleNext(0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> emulator.faults().failNext(1, FaultType.DELAY)).hasMessageContaining("delayNext");
        assertThatThrownBy(() -> RandomFaults.builder().probability(FaultType.THROTTLING, 0.6)
                .probability(FaultType.INTERNAL_ERROR, 0.6).build()).hasMessageContaining("must not exceed 1");
        assertThatThrownBy(() -> RandomFaults.builder().probability(FaultType.THROTTLING, 1.5))
                .hasMessageContaining("0..1");
        assertThatThrownBy(() -> RandomFaults.builder().probability(FaultType.DELAY, 0.5).build())
                .hasMessageContaining("delay(Duration)");
    }

    private List<Integer> statusesUnder(RandomFaults policy, int requests) throws Exception {
        emulator.faults().randomFaults(policy);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            statuses.add(send().statusCode());
        }
        return statuses;
    }
}
