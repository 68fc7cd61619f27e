package dev.rolesanywhere.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.SessionSpec;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.junit5.RolesAnywhereEmulatorExtension;
import dev.rolesanywhere.testing.ConnectProxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ServerSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * FIPS and dual-stack endpoints, from the builder and from a profile served in-process. The calls go to the real AWS
 * host names; a test proxy records the host each CONNECT names and forwards the tunnel to the emulator (certificate
 * checks off, as the emulator's certificate cannot name AWS hosts), so the host chosen is seen without a network.
 */
class EndpointSettingsTest {

    @RegisterExtension
    static final RolesAnywhereEmulatorExtension EMULATOR = RolesAnywhereEmulatorExtension.builder().build();

    @TempDir
    Path dir;

    private RolesAnywhereEmulator emulator() {
        return EMULATOR.emulator();
    }

    private ConnectProxy proxyToTheEmulator() throws Exception {
        return new ConnectProxy(ServerSocketFactory.getDefault(), null, null, emulator().port());
    }

    /** The key, the ARNs, and a transport through {@code proxy}: everything but the endpoint choice. */
    private SessionSpec through(ConnectProxy proxy) {
        IssuedCertificate leaf = EMULATOR.certificateAuthority().issueClientCertificate();
        String certificate = leaf.writeCertificatePem(dir.resolve("leaf.pem")).toString();
        String key = leaf.writePrivateKeyPem(dir.resolve("leaf.key")).toString();
        return SessionSpec.builder()
                .trustAnchorArn(emulator().trustAnchorArn())
                .profileArn(emulator().profileArn())
                .roleArn(emulator().roleArn())
                .signerSpec(k -> k.certificate(certificate).privateKey(key))
                .proxy(URI.create("http://127.0.0.1:" + proxy.port()))
                .trustAllCertificatesEnabled(true)
                .build();
    }

    @Test
    void fipsEnabled_onTheBuilder_callsTheFipsHost() throws Exception {
        try (ConnectProxy proxy = proxyToTheEmulator();
                RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.builder()
                        .sessionSpec(through(proxy)).fipsEnabled(true).build()) {
            assertThat(provider.resolveCredentials().accessKeyId()).isNotBlank();

            assertThat(proxy.connectLines()).containsExactly(
                    "CONNECT rolesanywhere-fips." + emulator().region() + ".amazonaws.com:443 HTTP/1.1");
        }
    }

    @Test
    void dualstackEnabled_onTheBuilder_callsTheDualStackHost() throws Exception {
        try (ConnectProxy proxy = proxyToTheEmulator();
                RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.builder()
                        .sessionSpec(through(proxy)).dualstackEnabled(true).build()) {
            assertThat(provider.resolveCredentials().accessKeyId()).isNotBlank();

            assertThat(proxy.connectLines()).containsExactly(
                    "CONNECT rolesanywhere." + emulator().region() + ".api.aws:443 HTTP/1.1");
        }
    }

    @Test
    void useFipsEndpoint_inAProfileServedInProcess_callsTheFipsHost() throws Exception {
        Path config = Files.write(dir.resolve("config"), ("[profile fips]\n"
                + "use_fips_endpoint = true\n"
                + "credential_process = aws_signing_helper credential-process --with-proxy\n")
                .getBytes(StandardCharsets.UTF_8));
        ProfileFile profiles = ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build();

        try (ConnectProxy proxy = proxyToTheEmulator();
                RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.builder()
                        .sessionSpec(through(proxy)).profileFile(profiles).profileName("fips").build()) {
            assertThat(provider.resolveCredentials().accessKeyId()).isNotBlank();

            assertThat(proxy.connectLines()).containsExactly(
                    "CONNECT rolesanywhere-fips." + emulator().region() + ".amazonaws.com:443 HTTP/1.1");
        }
    }
}
