package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.internal.OutgoingRequest;
import dev.rolesanywhere.core.testing.JcaTestSigner;
import dev.rolesanywhere.core.testing.TestFiles;
import dev.rolesanywhere.testing.ProcessRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * The whole client path (request defaults, endpoint resolution, body, clock, signing, HTTP request assembly) on the
 * first golden vector of {@code X509RequestSignerGoldenTest}: the same inputs must yield the same hand-derived
 * string to sign, and the request handed to the HTTP client must carry exactly the signed values. The request is
 * captured and stopped just before it would leave the machine.
 */
class CreateSessionClientGoldenTest {
    private static final String STRING_TO_SIGN = "AWS4-X509-RSA-SHA256\n"
            + "20260115T150405Z\n"
            + "20260115/us-east-1/rolesanywhere/aws4_request\n"
            + "3ae7790e40deaf1dbb734922b064462cd63eac987fa5c919595dd2e0fa01a1c3";

    @TempDir
    Path tmp;

    private static final class Captured extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Captured() {
            super("request captured before sending");
        }
    }

    @Test
    void createSession_withAFixedClock_sendsTheGoldenRequest() throws Exception {
        Signer signer = new JcaTestSigner(TestFiles.privateKey(TestFiles.resource("golden/leaf-key.pem")),
                TestFiles.certificate(TestFiles.resource("golden/leaf.pem")),
                List.of(TestFiles.certificate(TestFiles.resource("golden/intermediate.pem"))));
        AtomicReference<OutgoingRequest> captured = new AtomicReference<>();
        CreateSessionClient.BuilderImpl builder = (CreateSessionClient.BuilderImpl) CreateSessionClient.builder();
        builder.afterSigning(request -> {
            captured.set(request);
            throw new Captured();
        });
        try (CreateSessionClient client = builder
                .clock(Clock.fixed(Instant.parse("2026-01-15T15:04:05Z"), ZoneOffset.UTC)).build()) {
            assertThatThrownBy(() -> client.createSession(CreateSessionRequest.builder().signer(signer)
                    .trustAnchorArn("arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/"
                            + "11111111-2222-3333-4444-555555555555")
                    .profileArn("arn:aws:rolesanywhere:us-east-1:123456789012:profile/"
                            + "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
                    .roleArn("arn:aws:iam::123456789012:role/ra-test")
                    .build()))
                    .isInstanceOf(Captured.class);
        }

        SdkHttpFullRequest request = captured.get().request();
        assertThat(request.method()).isEqualTo(SdkHttpMethod.POST);
        assertThat(request.getUri()).hasToString("https://rolesanywhere.us-east-1.amazonaws.com/sessions"
                + "?profileArn=arn%3Aaws%3Arolesanywhere%3Aus-east-1%3A123456789012%3Aprofile%2F"
                + "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
                + "&roleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fra-test"
                + "&trustAnchorArn=arn%3Aaws%3Arolesanywhere%3Aus-east-1%3A123456789012%3Atrust-anchor%2F"
                + "11111111-2222-3333-4444-555555555555");
        assertThat(new String(captured.get().body(), StandardCharsets.UTF_8)).isEqualTo("{\"durationSeconds\":3600}");
        assertThat(request.firstMatchingHeader("X-Amz-Date")).contains("20260115T150405Z");
        assertThat(request.firstMatchingHeader("Content-Type")).contains("application/json");
        assertThat(request.firstMatchingHeader("Host")).contains("rolesanywhere.us-east-1.amazonaws.com");

        Path key = Files.write(tmp.resolve("leaf-key.pem"), TestFiles.resource("golden/leaf-key.pem"));
        byte[] expected = ProcessRunner.command("openssl", "dgst", "-sha256", "-sign", key.toString())
                .input(STRING_TO_SIGN.getBytes(StandardCharsets.UTF_8)).run().check().stdoutBytes();
        StringBuilder hex = new StringBuilder();
        for (byte b : expected) {
            hex.append(String.format("%02x", b & 0xff));
        }
        assertThat(request.firstMatchingHeader("Authorization")).contains("AWS4-X509-RSA-SHA256 "
                + "Credential=81985529216486895/20260115/us-east-1/rolesanywhere/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-x509;x-amz-x509-chain, "
                + "Signature=" + hex);
    }
}
