package dev.rolesanywhere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.cli.internal.KeyPasswords;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import dev.rolesanywhere.testing.ConnectProxy;
import dev.rolesanywhere.testing.ProcessRunner;
import dev.rolesanywhere.testing.RecordingEndpoint;
import dev.rolesanywhere.testing.SelfSignedTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ServerSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Drop-in parity with the reference {@code aws_signing_helper} 1.8.x (issue 10), one row per behaviour: the display
 * name says what the reference does, what this tool does, and the invocation. Every row drives the built launcher (or,
 * for profiles served in-process, the provider) against the emulator over HTTPS. Where a row needs the real AWS host
 * names (FIPS, dual-stack), a test proxy records the host each CONNECT names and forwards the tunnel to the emulator,
 * with certificate checks off because the emulator's certificate cannot name AWS hosts.
 */
class DropInCompatibilityTest {

    @TempDir
    static Path shared;

    private static EmulatorFixture fixture;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        fixture = EmulatorFixture.start(shared);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void reset() {
        fixture.emulator.requestLog().clear();
        fixture.emulator.faults().clear();
    }

    private static RolesAnywhereEmulator emulator() {
        return fixture.emulator;
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("ROLESANYWHERE_CDS", "off");
        env.put("HOME", dir.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private Launcher.Result run(Map<String, String> env, List<String> args) {
        return Launcher.run("aws_signing_helper", args, env, dir);
    }

    private static List<String> args(Object... parts) {
        List<String> args = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                list.forEach(item -> args.add(item.toString()));
            } else {
                args.add(part.toString());
            }
        }
        return args;
    }

    /** The key and the ARNs: everything but the endpoint and trust. */
    private static List<String> keyAndArns() {
        return List.of("--certificate", fixture.certificate.toString(), "--private-key", fixture.privateKey.toString(),
                "--trust-anchor-arn", emulator().trustAnchorArn(), "--profile-arn", emulator().profileArn(),
                "--role-arn", emulator().roleArn());
    }

    private static void assertCredentials(Launcher.Result result) {
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(JsonNode.parser().parse(result.stdout()).field("AccessKeyId").get().asString())
                .isEqualTo(emulator().requestLog().last().orElseThrow().accessKeyId().orElseThrow());
    }

    private static void assertOneLineError(Launcher.Result result, String... fragments) {
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr().strip()).doesNotContain("\n").startsWith("aws_signing_helper: ").contains(fragments);
    }

    private static ConnectProxy proxyToTheEmulator() throws Exception {
        return new ConnectProxy(ServerSocketFactory.getDefault(), null, null, emulator().port());
    }

    private static String fipsHost() {
        return "rolesanywhere-fips." + emulator().region() + ".amazonaws.com";
    }

    @Nested
    @DisplayName("Environment and shared config, as AWS tooling reads them")
    class Environment {

        @Test
        @DisplayName("AWS_USE_FIPS_ENDPOINT=true: reference calls rolesanywhere-fips.REGION → ours too "
                + "| AWS_USE_FIPS_ENDPOINT=true aws_signing_helper credential-process …")
        void fipsFromTheEnvironment() throws Exception {
            try (ConnectProxy proxy = proxyToTheEmulator()) {
                Launcher.Result result = run(env("AWS_USE_FIPS_ENDPOINT", "true",
                        "HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()),
                        args("credential-process", keyAndArns(), "--no-verify-ssl"));

                assertCredentials(result);
                assertThat(proxy.connectLines()).containsExactly("CONNECT " + fipsHost() + ":443 HTTP/1.1");
            }
        }

        @Test
        @DisplayName("AWS_USE_DUALSTACK_ENDPOINT=true: reference calls rolesanywhere.REGION.api.aws → ours too "
                + "| AWS_USE_DUALSTACK_ENDPOINT=true aws_signing_helper credential-process …")
        void dualstackFromTheEnvironment() throws Exception {
            try (ConnectProxy proxy = proxyToTheEmulator()) {
                Launcher.Result result = run(env("AWS_USE_DUALSTACK_ENDPOINT", "true",
                        "HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()),
                        args("credential-process", keyAndArns(), "--no-verify-ssl"));

                assertCredentials(result);
                assertThat(proxy.connectLines()).containsExactly(
                        "CONNECT rolesanywhere." + emulator().region() + ".api.aws:443 HTTP/1.1");
            }
        }

        @Test
        @DisplayName("use_fips_endpoint in the AWS_PROFILE profile: reference calls the FIPS host → ours too "
                + "| AWS_CONFIG_FILE=… AWS_PROFILE=ra aws_signing_helper credential-process …")
        void fipsFromTheProfile() throws Exception {
            Path config = Files.writeString(dir.resolve("config"), "[profile ra]\nuse_fips_endpoint = true\n");
            try (ConnectProxy proxy = proxyToTheEmulator()) {
                Launcher.Result result = run(env("AWS_CONFIG_FILE", config.toString(), "AWS_PROFILE", "ra",
                        "HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()),
                        args("credential-process", keyAndArns(), "--no-verify-ssl"));

                assertCredentials(result);
                assertThat(proxy.connectLines()).containsExactly("CONNECT " + fipsHost() + ":443 HTTP/1.1");
            }
        }

        @Test
        @DisplayName("A profile served in-process, with AWS_USE_FIPS_ENDPOINT and HTTPS_PROXY set, with or without "
                + "--with-proxy: reference calls the FIPS host through the proxy → the provider too "
                + "| RolesAnywhereCredentialsProvider.builder().profileName(\"ra\")")
        void fipsAndProxyForAProfileServedInProcess() throws Exception {
            Path config = Files.writeString(dir.resolve("config"), "[profile ra]\n"
                    + "credential_process = aws_signing_helper credential-process " + String.join(" ", keyAndArns())
                    + "\n[profile ra-with-proxy]\n"
                    + "credential_process = aws_signing_helper credential-process --with-proxy "
                    + String.join(" ", keyAndArns()) + "\n");
            for (String profile : List.of("ra", "ra-with-proxy")) {
                try (ConnectProxy proxy = proxyToTheEmulator()) {
                    ProcessRunner.Result result = ProcessRunner.command(javaCommand(InProcessProfileMain.class,
                            config.toString(), profile)).environment(Map.of("AWS_USE_FIPS_ENDPOINT", "true",
                            "HTTPS_PROXY", "http://127.0.0.1:" + proxy.port(), "AWS_CA_BUNDLE",
                            fixture.caBundle.toString())).run();

                    // The emulator's certificate cannot name the FIPS host, so TLS fails after the CONNECT shows it.
                    assertThat(proxy.connectLines()).as(profile + ": " + result.stderr())
                            .first().isEqualTo("CONNECT " + fipsHost() + ":443 HTTP/1.1");
                    assertThat(result.exitCode()).isEqualTo(1);
                }
            }
        }

        @Test
        @DisplayName("fipsEnabled on the provider builder (and aws.rolesanywhere.fips-enabled): the FIPS host "
                + "| RolesAnywhereCredentialsProvider.builder().fipsEnabled(true)")
        void fipsOnTheProviderBuilder() throws Exception {
            try (ConnectProxy proxy = proxyToTheEmulator();
                    RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.builder()
                            .sessionSpec(fixture.sessionSpec().toBuilder().endpoint(null).caBundle(null)
                                    .trustAllCertificatesEnabled(true)
                                    .proxy(URI.create("http://127.0.0.1:" + proxy.port())).build())
                            .fipsEnabled(true).build()) {
                assertThat(provider.resolveCredentials().accessKeyId()).isNotBlank();

                assertThat(proxy.connectLines()).containsExactly("CONNECT " + fipsHost() + ":443 HTTP/1.1");
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"AWS_CA_BUNDLE", "ca_bundle", "SSL_CERT_FILE", "SSL_CERT_DIR"})
        @DisplayName("AWS_CA_BUNDLE, the profile's ca_bundle, SSL_CERT_FILE or SSL_CERT_DIR: reference trusts those "
                + "CAs → ours too | AWS_CA_BUNDLE=ca.pem aws_signing_helper credential-process --endpoint …")
        void trustedRootsFromTheEnvironment(String setting) throws Exception {
            Path bundleDir = Files.createDirectories(dir.resolve("certs"));
            Path bundle = Files.copy(fixture.caBundle, bundleDir.resolve("emulator.pem"));
            Map<String, String> env = switch (setting) {
                case "ca_bundle" -> env("AWS_CONFIG_FILE", Files.writeString(dir.resolve("config"),
                        "[default]\nca_bundle = " + bundle + "\n").toString());
                case "SSL_CERT_DIR" -> env(setting, bundleDir.toString());
                default -> env(setting, bundle.toString());
            };

            Launcher.Result result = run(env, args("credential-process", keyAndArns(), "--endpoint",
                    emulator().endpoint()));

            assertCredentials(result);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"AWS_ENDPOINT_URL_ROLESANYWHERE", "AWS_ENDPOINT_URL", "services endpoint_url"})
        @DisplayName("AWS_ENDPOINT_URL_ROLESANYWHERE, AWS_ENDPOINT_URL or the services section's endpoint_url: "
                + "reference calls it → ours too | AWS_ENDPOINT_URL=https://… aws_signing_helper credential-process …")
        void endpointFromTheEnvironment(String setting) throws Exception {
            String endpoint = emulator().endpoint().toString();
            Map<String, String> env = setting.startsWith("AWS_") ? env(setting, endpoint)
                    : env("AWS_CONFIG_FILE", Files.writeString(dir.resolve("config"), "[default]\nservices = corp\n"
                            + "[services corp]\nrolesanywhere =\n  endpoint_url = " + endpoint + "\n").toString());

            Launcher.Result result = run(env, args("credential-process", keyAndArns(), "--ca-bundle",
                    fixture.caBundle));

            assertCredentials(result);
        }

        @Test
        @DisplayName("--endpoint with AWS_ENDPOINT_URL set: reference uses --endpoint → ours too "
                + "| AWS_ENDPOINT_URL=https://elsewhere aws_signing_helper credential-process --endpoint https://…")
        void endpointFlagWins() throws Exception {
            Launcher.Result result = run(env("AWS_ENDPOINT_URL", "https://127.0.0.1:1"),
                    args("credential-process", fixture.sessionArgs()));

            assertCredentials(result);
        }

        @Test
        @DisplayName("HTTPS_PROXY set, no --with-proxy: reference (1.7.0+) uses the proxy → ours too "
                + "| HTTPS_PROXY=http://proxy aws_signing_helper credential-process …")
        void proxyFromTheEnvironmentByDefault() throws Exception {
            try (ConnectProxy proxy = proxyToTheEmulator()) {
                Launcher.Result result = run(env("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()),
                        args("credential-process", keyAndArns(), "--no-verify-ssl", "--endpoint",
                                "https://" + SelfSignedTls.REMOTE_ADDRESS + ":" + emulator().port()));

                assertCredentials(result);
                assertThat(proxy.connectLines()).containsExactly(
                        "CONNECT " + SelfSignedTls.REMOTE_ADDRESS + ":" + emulator().port() + " HTTP/1.1");
            }
        }

        @Test
        @DisplayName("--with-proxy without HTTPS_PROXY: reference accepts it (no-op) → ours too "
                + "| aws_signing_helper credential-process --with-proxy …")
        void withProxyIsANoOp() {
            Launcher.Result result = run(env(), args("credential-process", fixture.sessionArgs(), "--with-proxy"));

            assertCredentials(result);
        }

        @Test
        @DisplayName("HTTP_PROXY and HTTPS_PROXY set, http:// loopback endpoint: never through a proxy in clear text "
                + "(loopback is never proxied; NO_PROXY rules otherwise) | HTTP_PROXY=… aws_signing_helper "
                + "credential-process --endpoint http://127.0.0.1:PORT")
        void loopbackIsNeverProxied() throws Exception {
            try (ConnectProxy proxy = new ConnectProxy();
                    RecordingEndpoint endpoint = new RecordingEndpoint(ServerSocketFactory.getDefault())) {
                String via = "http://127.0.0.1:" + proxy.port();
                Launcher.Result result = run(env("HTTP_PROXY", via, "HTTPS_PROXY", via, "NO_PROXY", "example.com"),
                        args("credential-process", keyAndArns(), "--endpoint", "http://127.0.0.1:" + endpoint.port()));

                assertOneLineError(result, "ValidationException");
                assertThat(endpoint.heads()).singleElement().asString().startsWith("POST /sessions?");
                assertThat(proxy.connectLines()).isEmpty();
            }
        }

        @Test
        @DisplayName("A proxy that wants a login, credentials in HTTPS_PROXY: they go in the CONNECT only (issue 11); "
                + "without them a one-line 407 error | HTTPS_PROXY=http://user:pw@proxy …")
        void proxyLogin() throws Exception {
            try (ConnectProxy proxy = new ConnectProxy(ServerSocketFactory.getDefault(), "ci", "s3cret",
                    emulator().port())) {
                List<String> remote = args("credential-process", keyAndArns(), "--no-verify-ssl", "--endpoint",
                        "https://" + SelfSignedTls.REMOTE_ADDRESS + ":" + emulator().port());

                Launcher.Result refused = run(env("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()), remote);
                Launcher.Result accepted = run(env("HTTPS_PROXY", "http://ci:s3cret@127.0.0.1:" + proxy.port()),
                        remote);

                assertThat(refused.exitCode()).isEqualTo(1);
                assertThat(refused.stderr()).contains("asks for a login (407");
                assertCredentials(accepted);
                assertThat(proxy.connectHeads().get(1)).contains("Proxy-Authorization: Basic ");
                assertThat(accepted.stderr() + refused.stderr()).doesNotContain("s3cret");
            }
        }

        @Test
        @DisplayName("--proxy https://…: TLS to the proxy itself (issue 11) | aws_signing_helper credential-process "
                + "--proxy https://proxy:PORT …")
        void httpsProxy() throws Exception {
            SelfSignedTls tls = new SelfSignedTls("compatibility-proxy");
            try (ConnectProxy proxy = new ConnectProxy(tls.serverSocketFactory(), null, null, emulator().port())) {
                Launcher.Result result = run(env(), args("credential-process", keyAndArns(), "--no-verify-ssl",
                        "--proxy", "https://localhost:" + proxy.port(), "--endpoint",
                        "https://" + SelfSignedTls.REMOTE_ADDRESS + ":" + emulator().port()));

                assertCredentials(result);
                assertThat(proxy.connectLines()).hasSize(1);
            }
        }

        @Test
        @DisplayName("AWS_MAX_ATTEMPTS / max_attempts: reference makes that many attempts → ours too "
                + "| AWS_MAX_ATTEMPTS=1 aws_signing_helper credential-process …")
        void maxAttempts() throws Exception {
            emulator().faults().throttleNext(2);
            Launcher.Result once = run(env("AWS_MAX_ATTEMPTS", "1"), args("credential-process", fixture.sessionArgs()));
            assertOneLineError(once, "Throttl");
            assertThat(emulator().requestLog().count()).isEqualTo(1);

            Launcher.Result fromProfile = run(env("AWS_CONFIG_FILE", Files.writeString(dir.resolve("config"),
                    "[default]\nmax_attempts = 2\n").toString()), args("credential-process", fixture.sessionArgs()));
            assertCredentials(fromProfile);
            assertThat(emulator().requestLog().count()).isEqualTo(3);

            assertOneLineError(run(env("AWS_RETRY_MODE", "sometimes"), args("credential-process",
                    fixture.sessionArgs())), "AWS_RETRY_MODE", "standard, adaptive or legacy");
        }
    }

    @Nested
    @DisplayName("Commands and output that scripts depend on")
    class Commands {

        @Test
        @DisplayName("version: reference prints the version alone → ours too | aws_signing_helper version")
        void version() {
            Launcher.Result result = run(env(), List.of("version"));

            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).matches("[0-9][0-9A-Za-z.+-]*\n");
            assertThat(result.stderr()).isEmpty();
        }

        @Test
        @DisplayName("No arguments, help, help COMMAND: reference prints help on stdout, exit 0 → ours too "
                + "| aws_signing_helper; aws_signing_helper help sign-string")
        void help() {
            Launcher.Result none = run(env(), List.of());
            Launcher.Result help = run(env(), List.of("help"));
            Launcher.Result command = run(env(), List.of("help", "sign-string"));

            for (Launcher.Result result : List.of(none, help)) {
                assertThat(result.exitCode()).isZero();
                assertThat(result.stdout()).contains("Usage: aws_signing_helper").contains("credential-process")
                        .contains("read-certificate-data");
            }
            assertThat(command.exitCode()).isZero();
            assertThat(command.stdout()).contains("sign-string").contains("--digest").contains("--format");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"bash", "zsh", "fish"})
        @DisplayName("completion bash|zsh|fish: a script the shell loads and that completes commands and options "
                + "| aws_signing_helper completion fish | source")
        void completion(String shell) throws Exception {
            Launcher.Result result = run(env(), List.of("completion", shell));
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            Path script = Files.writeString(dir.resolve("completion." + shell), result.stdout());

            String probe = switch (shell) {
                case "bash" -> "source " + script + "; COMP_WORDS=(aws_signing_helper sign-string --fo); COMP_CWORD=2;"
                        + " COMP_LINE='aws_signing_helper sign-string --fo'; COMP_POINT=${#COMP_LINE};"
                        + " $(complete -p aws_signing_helper | sed 's/.*-F \\([^ ]*\\) .*/\\1/'); echo ${COMPREPLY[@]};"
                        + " COMP_WORDS=(aws_signing_helper cred); COMP_CWORD=1; COMP_LINE='aws_signing_helper cred';"
                        + " $(complete -p aws_signing_helper | sed 's/.*-F \\([^ ]*\\) .*/\\1/'); echo ${COMPREPLY[@]}";
                case "zsh" -> "autoload -U compinit && compinit -u; source " + script
                        + "; print ${_comps[aws_signing_helper]:-none}";
                default -> "source " + script + "; complete -C 'aws_signing_helper sign-string --fo';"
                        + " complete -C 'aws_signing_helper cred'";
            };
            ProcessRunner.Result completed = ProcessRunner.command(shell, "-c", probe)
                    .environment(Map.of("HOME", dir.toString())).directory(dir).run();

            assertThat(completed.exitCode()).as(completed.output()).isZero();
            if (shell.equals("zsh")) {
                assertThat(completed.stdout().strip()).as(completed.output()).isNotEqualTo("none").isNotEmpty();
            } else {
                assertThat(completed.stdout()).as(completed.output()).contains("--format")
                        .contains("credential-process");
            }
        }

        @Test
        @DisplayName("read-certificate-data --certificate cert.pem without a key: reference prints its JSON, no line "
                + "ending → ours byte for byte | aws_signing_helper read-certificate-data --certificate cert.pem")
        void readCertificateDataOfAFile() throws Exception {
            Launcher.Result result = run(env(), List.of("read-certificate-data", "--certificate",
                    fixture.certificate.toString()));

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            String expected = "{\"keyType\":\"RSA\",\"certificateData\":\""
                    + java.util.Base64.getEncoder().encodeToString(fixture.client.certificate().getEncoded())
                    + "\",\"serialNumber\":\"" + fixture.client.serialNumber()
                    + "\",\"supportedAlgorithms\":[\"RSASHA256\",\"RSASHA384\",\"RSASHA512\"]}";
            assertThat(result.stdout()).isEqualTo(expected);
        }

        @Test
        @DisplayName("read-certificate-data with a pkcs11: URI: reference prints 'Matching identities' and numbered "
                + "entries → ours too; JSON lines with --format json | aws_signing_helper read-certificate-data "
                + "--certificate pkcs11:token=…")
        void readCertificateDataOfAToken() throws Exception {
            SoftHsmTokens token = SoftHsmTokens.create(dir, TestCertificateAuthority.create());
            Map<String, String> env = new HashMap<>(env());
            env.putAll(token.environment());
            List<String> read = List.of("read-certificate-data", "--certificate", "pkcs11:token=" + token.label,
                    "--pkcs11-lib", token.module().toString());

            Launcher.Result text = run(env, read);
            Launcher.Result json = run(env, args(read, "--format", "json"));

            assertThat(text.exitCode()).as(text.stderr()).isZero();
            String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(token.certificate.certificate().getEncoded()));
            assertThat(text.stdout()).matches("Matching identities\n1\\) " + fingerprint
                    + " \"CN=softhsm-client\"\n\tURI: pkcs11:token=cli-test;[^\n]*;type=cert;id=%01\n");
            assertThat(JsonNode.parser().parse(json.stdout()).field("uri").get().asString())
                    .startsWith("pkcs11:token=cli-test;");
        }

        @Test
        @DisplayName("sign-string: reference's default is json, a JSON string of the hex signature, no line ending; "
                + "text has none either → ours too | aws_signing_helper sign-string --certificate … --private-key …")
        void signStringFormats() throws Exception {
            List<String> key = List.of("sign-string", "--certificate", fixture.certificate.toString(),
                    "--private-key", fixture.privateKey.toString());

            Launcher.Result json = run(env(), key);
            Launcher.Result text = run(env(), args(key, "--format", "text"));

            assertThat(json.stdout()).matches("\"[0-9a-f]{512}\"");
            assertThat(text.stdout()).matches("[0-9a-f]{512}");
            assertVerifies(fixture.client, "SHA256withRSA", HexFormat.of().parseHex(text.stdout()));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"SHA384", "SHA512"})
        @DisplayName("sign-string --digest SHA384|SHA512, RSA and EC files and a token: reference signs with that "
                + "digest → ours too | aws_signing_helper sign-string --digest SHA384 --format text …")
        void signStringDigests(String digest) throws Exception {
            IssuedCertificate ec = TestCertificateAuthority.create().issueClientCertificate(KeyType.EC_P384);
            Path ecCert = ec.writeCertificatePem(dir.resolve("ec.pem"));
            Path ecKey = ec.writePrivateKeyPem(dir.resolve("ec.key"));
            TestCertificateAuthority ca = TestCertificateAuthority.create();
            SoftHsmTokens token = SoftHsmTokens.create(dir, ca);
            Map<String, String> tokenEnv = new HashMap<>(env());
            tokenEnv.putAll(token.environment());

            String rsaHex = run(env(), List.of("sign-string", "--digest", digest, "--format", "text",
                    "--certificate", fixture.certificate.toString(), "--private-key", fixture.privateKey.toString()))
                    .stdout();
            String ecHex = run(env(), List.of("sign-string", "--digest", digest, "--format", "text",
                    "--certificate", ecCert.toString(), "--private-key", ecKey.toString())).stdout();
            Launcher.Result onToken = run(tokenEnv, List.of("sign-string", "--digest", digest, "--format", "text",
                    "--certificate", token.uri() + "?pin-value=" + SoftHsmTokens.PIN, "--pkcs11-lib",
                    token.module().toString()));

            assertThat(onToken.exitCode()).as(onToken.stderr()).isZero();
            assertVerifies(fixture.client, digest + "withRSA", HexFormat.of().parseHex(rsaHex));
            assertVerifies(ec, digest + "withECDSA", HexFormat.of().parseHex(ecHex));
            assertVerifies(token.certificate, digest + "withECDSA", HexFormat.of().parseHex(onToken.stdout()));
        }

        @Test
        @DisplayName("sign-string with the key alone (a file, or pkcs11: without --certificate): reference signs → "
                + "ours too | aws_signing_helper sign-string --private-key pkcs11:token=…")
        void signStringWithTheKeyAlone() throws Exception {
            SoftHsmTokens token = SoftHsmTokens.create(dir, TestCertificateAuthority.create());
            Map<String, String> tokenEnv = new HashMap<>(env());
            tokenEnv.putAll(token.environment());

            Launcher.Result file = run(env(), List.of("sign-string", "--format", "text", "--private-key",
                    fixture.privateKey.toString()));
            Launcher.Result onToken = run(tokenEnv, List.of("sign-string", "--format", "text", "--private-key",
                    "pkcs11:token=" + token.label + ";object=" + token.keyLabel + ";type=private?pin-value="
                            + SoftHsmTokens.PIN, "--pkcs11-lib", token.module().toString()));

            assertThat(file.exitCode()).as(file.stderr()).isZero();
            assertThat(onToken.exitCode()).as(onToken.stderr()).isZero();
            assertVerifies(fixture.client, "SHA256withRSA", HexFormat.of().parseHex(file.stdout()));
            assertVerifies(token.certificate, "SHA256withECDSA", HexFormat.of().parseHex(onToken.stdout()));
        }

        private void assertVerifies(IssuedCertificate signer, String algorithm, byte[] signature) throws Exception {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(signer.certificate().getPublicKey());
            verifier.update(DiagnosticCommandsTest.expectedMessage(signer.publicKey()));
            assertThat(verifier.verify(signature)).as(algorithm).isTrue();
        }
    }

    @Nested
    @DisplayName("Flag parsing like the reference's (cobra/pflag)")
    class Parsing {

        @Test
        @DisplayName("A repeated flag: reference takes the last value → ours too "
                + "| aws_signing_helper credential-process --role-arn first --role-arn second …")
        void lastValueWins() {
            Launcher.Result result = run(env(), args("credential-process", fixture.sessionArgs(), "--role-arn",
                    "arn:aws:iam::" + emulator().accountId() + ":role/not-this-one", "--role-arn",
                    emulator().roleArn()));

            assertCredentials(result);
        }

        @Test
        @DisplayName("An empty value: reference treats it as unset → ours too "
                + "| aws_signing_helper credential-process --region= --role-session-name '' …")
        void emptyValueIsUnset() {
            Launcher.Result result = run(env(), args("credential-process", fixture.sessionArgs(), "--region=",
                    "--role-session-name", "", "--intermediates=", "--session-duration="));

            assertCredentials(result);
            assertThat(emulator().requestLog().last().orElseThrow().durationSeconds()).contains(3600);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"credential-process", "update", "serve", "sign-string", "read-certificate-data"})
        @DisplayName("An unknown option on any command: reference errors, exit 1 → ours, the same one line on every "
                + "command | aws_signing_helper sign-string --bogus")
        void unknownOption(String command) {
            assertOneLineError(run(env(), List.of(command, "--bogus")), "Unknown option: '--bogus'",
                    "(see 'aws_signing_helper " + command + " --help')");
        }

        @Test
        @DisplayName("A stray positional argument on a command: reference ignores it → ours too "
                + "| aws_signing_helper credential-process stray …")
        void strayArgumentIsIgnored() {
            Launcher.Result result = run(env(), args("credential-process", "stray", fixture.sessionArgs()));

            assertCredentials(result);
            assertThat(result.stderr()).isEmpty();
        }
    }

    @Nested
    @DisplayName("Clear refusals and messages")
    class Messages {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"credential-process", "update", "serve", "sign-string", "read-certificate-data"})
        @DisplayName("Certificate-store and TPM flags: reference supports them on Windows/macOS (stores) or with a "
                + "TPM → ours refuses on every command, saying where they work and what to use | "
                + "aws_signing_helper sign-string --cert-selector …")
        void storeAndTpmFlags(String command) {
            for (String flag : List.of("--cert-selector=Key=x509Subject,Value=CN=x", "--system-store-name=MY",
                    "--use-latest-expiring-certificate", "--tpm-key-password=x", "--no-tpm-key-password")) {
                assertOneLineError(run(env(), List.of(command, flag, "--certificate", "c.pem")),
                        flag.replaceAll("=.*", ""), "pkcs11:");
            }
            assertOneLineError(run(env(), List.of(command, "--cert-selector", "x", "--certificate", "c.pem")),
                    "Windows", "macOS");
        }

        @Test
        @DisplayName("--private-key handle:0x… or a TSS2 key file: reference loads TPM keys → ours says to use "
                + "tpm2-pkcs11 | aws_signing_helper credential-process --private-key handle:0x81000001 …")
        void tpmKeys() throws Exception {
            Path tss2 = Files.writeString(dir.resolve("tpm.key"), "-----BEGIN TSS2 PRIVATE KEY-----\n"
                    + "MIIBBgYGZ4EFCgEDoAMBAf8CBEAAAAEEggEBAA==\n-----END TSS2 PRIVATE KEY-----\n");
            List<String> arns = keyAndArns().subList(4, keyAndArns().size());

            assertOneLineError(run(env(), args("credential-process", "--certificate", fixture.certificate,
                    "--private-key", "handle:0x81000001", arns)), "TPM 2.0 persistent key handle", "pkcs11: URI");
            assertOneLineError(run(env(), args("credential-process", "--certificate", fixture.certificate,
                    "--private-key", tss2, arns)), "TPM 2.0 key file", "tpm2-pkcs11");
        }

        @Test
        @DisplayName("An encrypted key without a password and no terminal: the error names --pkcs8-password "
                + "| aws_signing_helper credential-process --private-key encrypted.key …")
        void missingPassword() throws Exception {
            Path encrypted = encryptedKey();

            assertOneLineError(run(env(), args("credential-process", "--certificate", fixture.certificate,
                    "--private-key", encrypted, keyAndArns().subList(4, keyAndArns().size()))),
                    "--pkcs8-password", "no terminal");
        }

        @Test
        @DisplayName("--session-duration: reference takes seconds → ours too, and an ISO-8601 value or one out of "
                + "range is explained in seconds | aws_signing_helper credential-process --session-duration PT1H")
        void durationsInSeconds() {
            assertOneLineError(run(env(), args("credential-process", fixture.sessionArgs(), "--session-duration",
                    "PT1H")), "whole seconds", "3600");
            assertOneLineError(run(env(), args("credential-process", fixture.sessionArgs(), "--session-duration",
                    "60")), "60 s", "900");
        }
    }

    @Nested
    @DisplayName("Passwords of encrypted keys (issue 11)")
    class Passwords {

        @Test
        @DisplayName("--pkcs8-password-file, ROLESANYWHERE_PKCS8_PASSWORD, and --pkcs8-password with a warning "
                + "| aws_signing_helper credential-process --pkcs8-password-file pw.txt …")
        void passwordSources() throws Exception {
            List<String> encrypted = args("credential-process", "--certificate", fixture.certificate,
                    "--private-key", encryptedKey(), "--endpoint", emulator().endpoint(), "--ca-bundle",
                    fixture.caBundle, keyAndArns().subList(4, keyAndArns().size()));
            Path file = Files.writeString(dir.resolve("pw.txt"), PASSWORD + "\n");

            Launcher.Result fromFile = run(env(), args(encrypted, "--pkcs8-password-file", file));
            assertCredentials(fromFile);
            Launcher.Result fromVariable = run(env(KeyPasswords.PASSWORD_VARIABLE, PASSWORD), encrypted);
            assertCredentials(fromVariable);
            Launcher.Result fromArgument = run(env(), args(encrypted, "--pkcs8-password", PASSWORD));
            assertCredentials(fromArgument);
            assertThat(fromFile.stderr() + fromVariable.stderr()).isEmpty();
            assertThat(fromArgument.stderr()).contains("Warning: --pkcs8-password").contains("--pkcs8-password-file")
                    .doesNotContain(PASSWORD);
        }
    }

    @Nested
    @DisplayName("Prompts on the controlling terminal under credential_process")
    class Prompts {

        @Test
        @DisplayName("A token PIN under the SDK's ProcessCredentialsProvider: reference prompts on /dev/tty → ours "
                + "too | credential_process = aws_signing_helper credential-process --certificate pkcs11:…")
        void pinPromptUnderCredentialProcess() throws Exception {
            TestCertificateAuthority ca = TestCertificateAuthority.create();
            SoftHsmTokens token = SoftHsmTokens.create(dir, ca);
            try (RolesAnywhereEmulator tokenEmulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate())
                    .build().start()) {
                Path bundle = tokenEmulator.writeTrustBundle(dir.resolve("token-ca.pem"));
                List<String> command = args(Launcher.script("aws_signing_helper"), "credential-process",
                        "--certificate", token.uri(), "--pkcs11-lib", token.module(),
                        "--trust-anchor-arn", tokenEmulator.trustAnchorArn(), "--profile-arn",
                        tokenEmulator.profileArn(), "--role-arn", tokenEmulator.roleArn(), "--endpoint",
                        tokenEmulator.endpoint(), "--ca-bundle", bundle);
                Map<String, String> env = new HashMap<>(env());
                env.putAll(token.environment());

                String result = underProcessCredentialsProvider(command, env, "Token PIN: ", SoftHsmTokens.PIN);

                assertThat(result).isEqualTo("OK " + tokenEmulator.requestLog().last().orElseThrow().accessKeyId()
                        .orElseThrow());
            }
        }

        @Test
        @DisplayName("An encrypted key's password under the SDK's ProcessCredentialsProvider: asked on /dev/tty "
                + "| credential_process = aws_signing_helper credential-process --private-key encrypted.key …")
        void passwordPromptUnderCredentialProcess() throws Exception {
            List<String> command = args(Launcher.script("aws_signing_helper"), "credential-process",
                    "--certificate", fixture.certificate, "--private-key", encryptedKey(), "--endpoint",
                    emulator().endpoint(), "--ca-bundle", fixture.caBundle, keyAndArns().subList(4,
                            keyAndArns().size()));

            String result = underProcessCredentialsProvider(command, env(), "Password of the encrypted private key: ",
                    PASSWORD);

            assertThat(result).isEqualTo("OK " + emulator().requestLog().last().orElseThrow().accessKeyId()
                    .orElseThrow());
        }

        private String underProcessCredentialsProvider(List<String> command, Map<String, String> env, String prompt,
                String answer) throws Exception {
            Path resultFile = dir.resolve("result.txt");
            List<String> main = new ArrayList<>(List.of(resultFile.toString()));
            main.addAll(command);
            PseudoTerminal.Result run = PseudoTerminal.run(javaCommand(ProcessCredentialsMain.class,
                    main.toArray(new String[0])), env, dir, prompt, answer);

            assertThat(run.prompted()).as("prompt shown on the terminal: %s", run.transcript()).isTrue();
            assertThat(run.exitCode()).as(run.transcript()).isZero();
            assertThat(run.transcript()).doesNotContain(answer);
            return Files.readString(resultFile);
        }
    }

    @Nested
    @DisplayName("update and serve details")
    class UpdateAndServe {

        @Test
        @DisplayName("update on a bind-mounted credentials file: rename gives EBUSY; reference writes in place → "
                + "ours writes in place under the lock, said once | unshare … mount --bind; aws_signing_helper "
                + "update --once")
        void updateOfABindMountedFile() throws Exception {
            Path source = Files.writeString(dir.resolve("mounted-credentials"), "[other]\nregion = x\n");
            Path mountPoint = Files.createDirectories(dir.resolve("aws")).resolve("credentials");
            Files.writeString(mountPoint, "");
            List<String> inMountNamespace = args("sh", "-c",
                    "mount --bind \"$1\" \"$2\" && shift 3 && exec \"$@\"", "sh", source, mountPoint, "unused",
                    Launcher.script("aws_signing_helper"), "update", "--once", "--profile", "ra",
                    fixture.sessionArgs());
            Map<String, String> environment = env("AWS_SHARED_CREDENTIALS_FILE", mountPoint.toString());

            // A private mount namespace, so the bind mount is seen by this command alone: as an unprivileged user
            // through a user namespace; where those are refused (root in a chroot), root makes the mount namespace
            // directly.
            ProcessRunner.Result result = ProcessRunner.command(args("unshare", "--user", "--map-root-user",
                    "--mount", inMountNamespace)).environment(environment).directory(dir).run();
            if (result.exitCode() != 0 && result.stderr().startsWith("unshare: unshare failed")
                    && "root".equals(System.getProperty("user.name"))) {
                result = ProcessRunner.command(args("unshare", "--mount", inMountNamespace)).environment(environment)
                        .directory(dir).run();
            }

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(Files.readString(source)).startsWith("[other]\nregion = x\n\n[ra]\naws_access_key_id = ");
            assertThat(count(result.stderr(), "rewritten in place")).isEqualTo(1);
            Path lock = mountPoint.resolveSibling("credentials.lock");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lock))).isEqualTo("rw-------");
        }

        @Test
        @DisplayName("update of an existing file others can read: tightened to 0600, said once (issue 11) "
                + "| aws_signing_helper update --once")
        void updateTightensTheMode() throws Exception {
            Path file = Files.writeString(dir.resolve("credentials"), "[other]\nregion = x\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

            Launcher.Result result = run(env("AWS_SHARED_CREDENTIALS_FILE", file.toString()),
                    args("update", "--once", fixture.sessionArgs()));

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(count(result.stderr(), "its mode is now rw-------")).isEqualTo(1);
        }

        @Test
        @DisplayName("serve: start-up line on stderr; token PUT without the TTL header gets 21600 s; trailing-slash "
                + "routes answer (reference 1.7.3+) | aws_signing_helper serve; curl -X PUT …/latest/api/token/")
        void serveDetails() throws Exception {
            List<String> command = args(Launcher.script("aws_signing_helper"), "serve", "--port", "0",
                    fixture.sessionArgs());
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            Launcher.isolate(pb.environment());
            pb.environment().putAll(env());
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Process server = pb.start();
            try (java.io.BufferedReader err = new java.io.BufferedReader(new java.io.InputStreamReader(
                    server.getErrorStream(), StandardCharsets.UTF_8))) {
                String line = err.readLine();
                while (line != null && !line.startsWith("export ")) {
                    line = err.readLine();
                }
                assertThat(line).startsWith("export AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:");
                String base = line.substring(line.indexOf('=') + 1);
                HttpClient http = HttpClient.newHttpClient();

                HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(base + "/latest/api/token/"))
                        .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(token.statusCode()).isEqualTo(200);
                assertThat(token.headers().firstValue("X-aws-ec2-metadata-token-ttl-seconds")).contains("21600");
                String role = emulator().roleArn().substring(emulator().roleArn().lastIndexOf('/') + 1);
                HttpResponse<String> credentials = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/latest/meta-data/iam/security-credentials/" + role + "/"))
                        .header("X-aws-ec2-metadata-token", token.body()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(credentials.statusCode()).isEqualTo(200);
                assertThat(JsonNode.parser().parse(credentials.body()).field("Code").get().asString())
                        .isEqualTo("Success");
            } finally {
                server.destroy();
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        }
    }

    private static final String PASSWORD = "Compat-Pw-1";

    /** The fixture's key, encrypted as PKCS#8 with {@link #PASSWORD} by openssl. */
    private Path encryptedKey() {
        Path encrypted = dir.resolve("encrypted.key");
        ProcessRunner.command("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in",
                fixture.privateKey.toString(), "-out", encrypted.toString(), "-passout", "pass:" + PASSWORD)
                .secret(PASSWORD).run().check();
        return encrypted;
    }

    /** A JVM running {@code main} with this test's class path. */
    private static List<String> javaCommand(Class<?> main, String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(Arrays.asList(arguments));
        return command;
    }

    private static int count(String text, String fragment) {
        Matcher m = Pattern.compile(Pattern.quote(fragment)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
