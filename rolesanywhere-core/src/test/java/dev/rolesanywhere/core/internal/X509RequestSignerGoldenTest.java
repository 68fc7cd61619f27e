package dev.rolesanywhere.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.testing.JcaTestSigner;
import dev.rolesanywhere.core.testing.TestFiles;
import dev.rolesanywhere.testing.ProcessRunner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden vectors: every expected text below was written out by hand from the protocol description, with the
 * certificate encodings taken from {@code openssl x509 -outform DER | base64 -w0} and the hashes from
 * {@code sha256sum} over those hand-written texts, never from this code. The fixture key under
 * {@code src/test/resources/golden} is a throwaway made for these tests.
 */
class X509RequestSignerGoldenTest {
    private static final String TRUST_ANCHOR =
            "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/11111111-2222-3333-4444-555555555555";
    private static final String PROFILE =
            "arn:aws:rolesanywhere:us-east-1:123456789012:profile/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    private static final String ROLE = "arn:aws:iam::123456789012:role/ra-test";

    private static final String LEAF_B64 = "MIICXTCCAgOgAwIBAgIIASNFZ4mrze8wCgYIKoZIzj0EAwIwJjEkMCIGA1UEAwwbR29sZGVuIFRl"
            + "c3QgSW50ZXJtZWRpYXRlIENBMB4XDTI2MTEyOTIyMzEzMloXDTM2MTEyNjIyMzEzMlowFjEUMBIGA1UEAwwLZ29sZGVuLWxlYWYwgg"
            + "EiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQCtAAIh8KYMmVMPJwl5MTSm81QDJ+fAzDSGC9ROCjYr/yPcQQWFKg7qt8Zp7I+B"
            + "RxMEDXFx1jOYLKonmSfb2K7cTWkzNwjKwTzFXCnWs6lXlxxoKXwNwq6tCttIjwgcTa7D44SvrzTn7nXAsKu1anzbPxKHNsxtlb6h/L"
            + "Hj4X92jc2WFUJIkpA2dmskVic+gRgNhMEVfPIoyo6WbthvZk33Mbn7m0GxRkXLFUoiHYlb7kIfawvNjRabZupxbhKco/1bUH9sZ7T1"
            + "U3HWrlO7FfvAD1yHl1XOAEykbl+daQhBiVquEYy1cyOa/5avW2k5Pe0oney5e/UXFDrbU31fXWDDAgMBAAGjYDBeMAwGA1UdEwEB/w"
            + "QCMAAwDgYDVR0PAQH/BAQDAgeAMB0GA1UdDgQWBBQ2M2oTGNOxIM8vHOcRyWub4pmEmjAfBgNVHSMEGDAWgBSvLUMt9TFBEXn9y53h"
            + "m9J6ilwnHjAKBggqhkjOPQQDAgNIADBFAiEA0Mfe4k8POxwrkrQrTeHIryn0YE4S/mdFlna/ZNeDpFACIGNp0am9undLe/v/WAfs7J"
            + "ZA/yBDodh5f3+2gi5E+3ay";
    private static final String INTERMEDIATE_B64 = "MIICWjCCAUKgAwIBAgIBAjANBgkqhkiG9w0BAQsFADAeMRwwGgYDVQQDDBNHb2xk"
            + "ZW4gVGVzdCBSb290IENBMB4XDTI2MTEyOTIyMzEzMloXDTM2MTEyNjIyMzEzMlowJjEkMCIGA1UEAwwbR29sZGVuIFRlc3QgSW50ZX"
            + "JtZWRpYXRlIENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8fLBPergVtqxM8znq9aiWjYz8QVKk2GhqaLbll4If7e616IKkNro"
            + "Z3uYTVwAanPRGy26NsKcdv41fGOH5Wo67qNmMGQwEgYDVR0TAQH/BAgwBgEB/wIBADAOBgNVHQ8BAf8EBAMCAQYwHQYDVR0OBBYEFK"
            + "8tQy31MUERef3LneGb0nqKXCceMB8GA1UdIwQYMBaAFIDDgVNL/jrIRy7yF+waH1WTYT4GMA0GCSqGSIb3DQEBCwUAA4IBAQC41JTu"
            + "24VwaHoZht/qVVoafON/RTFVwza+P8iBh/3vLTZ4dP4Uo2wADxtW3yYh2+/VGH5rBRz4tqX8BDRGFRpY5hfg/712Xi+GWcQy46Zr3G"
            + "D1/JhnMs18o5CPraIu6z0ktI1HwPxHEz6t1fmNw14hTTojcZtQw9PqSuMD8W5jrD1aBr7UpsBEmLHq/VLL1mKR5wDgj7PEzb7eY4v0"
            + "iU1aeliRjoZ0OF8EhsF3G4Fz9HlblvY74riHIQiM0vuc9sy9GO2FLpz3/U4vxXOxv2DeXF0xVF7A0vYdysckm29UBB0QdoBeAkYKWM"
            + "lPcBwPLpzdwR3zynZDewA3Lu1BKGFS";

    private static final X509Certificate LEAF = TestFiles.certificate(TestFiles.resource("golden/leaf.pem"));
    private static final X509Certificate INTERMEDIATE =
            TestFiles.certificate(TestFiles.resource("golden/intermediate.pem"));
    private static final PrivateKey LEAF_KEY = TestFiles.privateKey(TestFiles.resource("golden/leaf-key.pem"));

    @TempDir
    Path tmp;

    @Test
    void sign_withArnsInQueryAndAnIntermediate_producesTheHandWrittenCanonicalRequestAndStringToSign()
            throws Exception {
        JcaTestSigner signer = new JcaTestSigner(LEAF_KEY, LEAF, List.of(INTERMEDIATE));
        ResolvedEndpoint endpoint = EndpointResolver.resolve(Arn.trustAnchor(TRUST_ANCHOR), null, null, false, false);
        byte[] body = CreateSessionBody.write(3600, null, Collections.emptyMap());
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"durationSeconds\":3600}");

        SignedRequest signed = X509RequestSigner.sign(signer, Instant.parse("2026-01-15T15:04:05Z"), endpoint,
                arnsInQuery(), body);

        String expectedQuery = "profileArn=arn%3Aaws%3Arolesanywhere%3Aus-east-1%3A123456789012%3Aprofile%2F"
                + "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
                + "&roleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fra-test"
                + "&trustAnchorArn=arn%3Aaws%3Arolesanywhere%3Aus-east-1%3A123456789012%3Atrust-anchor%2F"
                + "11111111-2222-3333-4444-555555555555";
        assertThat(signed.canonicalQueryString()).isEqualTo(expectedQuery);
        assertThat(signed.canonicalRequest()).isEqualTo("POST\n"
                + "/sessions\n"
                + expectedQuery + "\n"
                + "content-type:application/json\n"
                + "host:rolesanywhere.us-east-1.amazonaws.com\n"
                + "x-amz-date:20260115T150405Z\n"
                + "x-amz-x509:" + LEAF_B64 + "\n"
                + "x-amz-x509-chain:" + INTERMEDIATE_B64 + "\n"
                + "\n"
                + "content-type;host;x-amz-date;x-amz-x509;x-amz-x509-chain\n"
                + "1a15f67f6619aa540b13e9a4c37d149fb2c9bdea25d82b73a3878826694dfe27");
        String expectedStringToSign = "AWS4-X509-RSA-SHA256\n"
                + "20260115T150405Z\n"
                + "20260115/us-east-1/rolesanywhere/aws4_request\n"
                + "3ae7790e40deaf1dbb734922b064462cd63eac987fa5c919595dd2e0fa01a1c3";
        assertThat(signed.stringToSign()).isEqualTo(expectedStringToSign);

        String opensslSignature = opensslRsaSignatureHex(expectedStringToSign);
        assertThat(signed.signature()).isEqualTo(opensslSignature);
        assertThat(signed.headers()).containsExactly(
                Map.entry("Content-Type", "application/json"),
                Map.entry("Host", "rolesanywhere.us-east-1.amazonaws.com"),
                Map.entry("X-Amz-Date", "20260115T150405Z"),
                Map.entry("X-Amz-X509", LEAF_B64),
                Map.entry("X-Amz-X509-Chain", INTERMEDIATE_B64),
                Map.entry("Authorization", "AWS4-X509-RSA-SHA256 "
                        + "Credential=81985529216486895/20260115/us-east-1/rolesanywhere/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-date;x-amz-x509;x-amz-x509-chain, "
                        + "Signature=" + opensslSignature));
    }

    @Test
    void sign_withArnsInBodyAndACustomEndpointWithPathPrefix_signsThePrefixedPathAndThePort() throws Exception {
        JcaTestSigner signer = new JcaTestSigner(LEAF_KEY, LEAF, Collections.emptyList());
        ResolvedEndpoint endpoint = EndpointResolver.resolve(Arn.trustAnchor(TRUST_ANCHOR), null,
                URI.create("https://localhost:8443/ra/v1/"), false, false);
        byte[] body = CreateSessionBody.write(900, "alice@example.com", arnsInQuery());
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"durationSeconds\":900,"
                + "\"roleSessionName\":\"alice@example.com\",\"profileArn\":\"" + PROFILE + "\",\"roleArn\":\""
                + ROLE + "\",\"trustAnchorArn\":\"" + TRUST_ANCHOR + "\"}");

        // 23:59:59 on the last second of a day: the scope date must be that day.
        SignedRequest signed = X509RequestSigner.sign(signer, Instant.parse("2026-03-09T23:59:59Z"), endpoint,
                Collections.emptyMap(), body);

        assertThat(signed.canonicalRequest()).isEqualTo("POST\n"
                + "/ra/v1/sessions\n"
                + "\n"
                + "content-type:application/json\n"
                + "host:localhost:8443\n"
                + "x-amz-date:20260309T235959Z\n"
                + "x-amz-x509:" + LEAF_B64 + "\n"
                + "\n"
                + "content-type;host;x-amz-date;x-amz-x509\n"
                + "f0c300d782bfcc4a8c73c990e3d6c35d5d0f118380c06740f8349b76c13de713");
        String expectedStringToSign = "AWS4-X509-RSA-SHA256\n"
                + "20260309T235959Z\n"
                + "20260309/us-east-1/rolesanywhere/aws4_request\n"
                + "f5091dc3a97d76d548a3f9aeade7543e580cadfb66ec38c7177d7cbdab7ea26e";
        assertThat(signed.stringToSign()).isEqualTo(expectedStringToSign);
        assertThat(signed.signature()).isEqualTo(opensslRsaSignatureHex(expectedStringToSign));
        assertThat(signed.headers()).doesNotContainKey("X-Amz-X509-Chain");
        assertThat(signed.headers().get("Authorization"))
                .contains("SignedHeaders=content-type;host;x-amz-date;x-amz-x509,");
    }

    @Test
    void sign_afterNoon_writesTheHourOnA24HourClock() {
        JcaTestSigner signer = new JcaTestSigner(LEAF_KEY, LEAF, Collections.emptyList());
        ResolvedEndpoint endpoint = EndpointResolver.resolve(Arn.trustAnchor(TRUST_ANCHOR), null, null, false, false);

        SignedRequest signed = X509RequestSigner.sign(signer, Instant.parse("2026-07-04T15:04:05Z"), endpoint,
                arnsInQuery(), new byte[0]);

        assertThat(signed.headers().get("X-Amz-Date")).isEqualTo("20260704T150405Z");
        assertThat(signed.stringToSign()).startsWith("AWS4-X509-RSA-SHA256\n20260704T150405Z\n"
                + "20260704/us-east-1/rolesanywhere/aws4_request\n");
        assertThat(signed.canonicalRequest()).contains("\nx-amz-date:20260704T150405Z\n");
    }

    @Test
    void sign_withAnEcKey_producesADerSignatureThatOpensslVerifies() throws Exception {
        Path key = tmp.resolve("ec-key.pem");
        Path cert = tmp.resolve("ec-cert.pem");
        ProcessRunner.command("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-subj", "/CN=ec-test", "-days", "2",
                "-set_serial", "4096").run().check();
        JcaTestSigner signer = new JcaTestSigner(TestFiles.privateKey(key), TestFiles.certificate(cert),
                Collections.emptyList());
        ResolvedEndpoint endpoint = EndpointResolver.resolve(Arn.trustAnchor(TRUST_ANCHOR), null, null, false, false);

        SignedRequest signed = X509RequestSigner.sign(signer, Instant.parse("2026-01-15T03:04:05Z"), endpoint,
                arnsInQuery(), "{\"durationSeconds\":3600}".getBytes(StandardCharsets.UTF_8));

        assertThat(signed.stringToSign()).startsWith("AWS4-X509-ECDSA-SHA256\n20260115T030405Z\n");
        assertThat(signed.headers().get("Authorization"))
                .startsWith("AWS4-X509-ECDSA-SHA256 Credential=4096/20260115/us-east-1/rolesanywhere/aws4_request, ");
        Path pub = tmp.resolve("ec-pub.pem");
        ProcessRunner.command("openssl", "x509", "-in", cert.toString(), "-noout", "-pubkey", "-out", pub.toString())
                .run().check();
        Path sig = tmp.resolve("sig.der");
        Files.write(sig, unhex(signed.signature()));

        ProcessRunner verify = ProcessRunner.command("openssl", "dgst", "-sha256", "-verify", pub.toString(),
                "-signature", sig.toString());
        ProcessRunner.Result verified = verify.input(signed.stringToSign().getBytes(StandardCharsets.UTF_8)).run();
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Verified OK");

        ProcessRunner.Result tampered =
                verify.input((signed.stringToSign() + "x").getBytes(StandardCharsets.UTF_8)).run();
        assertThat(tampered.exitCode()).isNotZero();
    }

    private String opensslRsaSignatureHex(String stringToSign) throws Exception {
        Path key = tmp.resolve("leaf-key.pem");
        Files.write(key, TestFiles.resource("golden/leaf-key.pem"));
        byte[] signature = ProcessRunner.command("openssl", "dgst", "-sha256", "-sign", key.toString())
                .input(stringToSign.getBytes(StandardCharsets.UTF_8)).run().check().stdoutBytes();
        StringBuilder hex = new StringBuilder();
        for (byte b : signature) {
            hex.append(String.format("%02x", b & 0xff));
        }
        return hex.toString();
    }

    private static byte[] unhex(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private static Map<String, String> arnsInQuery() {
        Map<String, String> arns = new LinkedHashMap<>();
        arns.put("profileArn", PROFILE);
        arns.put("roleArn", ROLE);
        arns.put("trustAnchorArn", TRUST_ANCHOR);
        return arns;
    }
}
