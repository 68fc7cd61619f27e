package dev.rolesanywhere.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

class CreateSessionTest {
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

    private TestCreateSessionRequest request(IssuedCertificate signer) {
        return new TestCreateSessionRequest(emulator, http, signer);
    }

    @Test
    void createSession_withValidEcSignature_issuesCredentials() throws Exception {
        IssuedCertificate client = ca.issueClientCertificate();
        HttpResponse<String> response = request(client).send();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode set = JsonNode.parser().parse(response.body()).field("credentialSet").get().index(0).get();
        assertThat(set.field("credentials").get().field("accessKeyId").get().asString()).startsWith("ASIA")
                .hasSize(20);
        assertThat(emulator.requestLog().last().get().succeeded()).isTrue();
    }
}
