package dev.rolesanywhere.cli;

import dev.rolesanywhere.core.SessionSpec;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * A running emulator with a fresh CA, a client certificate and key written as PEM files, and the emulator's server
 * certificate written as a CA bundle, so the command line can reach it over real HTTPS with --ca-bundle.
 */
public final class EmulatorFixture implements AutoCloseable {

    final TestCertificateAuthority ca;
    final IssuedCertificate client;
    public final RolesAnywhereEmulator emulator;
    final Path certificate;
    final Path privateKey;
    final Path caBundle;

    private EmulatorFixture(Path dir, KeyType keyType, Clock clock) {
        this.ca = TestCertificateAuthority.create();
        this.client = ca.issueClientCertificate(keyType);
        this.certificate = client.writeCertificatePem(dir.resolve("client-" + keyType + ".pem"));
        this.privateKey = client.writePrivateKeyPem(dir.resolve("client-" + keyType + ".key"));
        RolesAnywhereEmulator.Builder builder = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate());
        this.emulator = (clock == null ? builder : builder.clock(clock)).build().start();
        this.caBundle = emulator.writeTrustBundle(dir.resolve("emulator-ca.pem"));
    }

    public static EmulatorFixture start(Path dir) {
        return new EmulatorFixture(dir, KeyType.RSA_2048, null);
    }

    static EmulatorFixture start(Path dir, KeyType keyType) {
        return new EmulatorFixture(dir, keyType, null);
    }

    /** An emulator whose sessions, expiry and signing-time checks follow {@code clock}. */
    public static EmulatorFixture start(Path dir, Clock clock) {
        return new EmulatorFixture(dir, KeyType.RSA_2048, clock);
    }

    /** What {@link #sessionArgs()} says on a command line, as a session spec. */
    public SessionSpec sessionSpec() {
        return SessionSpec.builder()
                .signerSpec(key -> key.certificate(certificate.toString()).privateKey(privateKey.toString()))
                .trustAnchorArn(emulator.trustAnchorArn())
                .profileArn(emulator.profileArn())
                .roleArn(emulator.roleArn())
                .endpoint(emulator.endpoint())
                .caBundle(caBundle)
                .build();
    }

    /** The flags every credentials-producing command needs to reach this emulator with the file key. */
    List<String> sessionArgs() {
        List<String> args = new ArrayList<>();
        args.add("--certificate");
        args.add(certificate.toString());
        args.add("--private-key");
        args.add(privateKey.toString());
        args.addAll(arnAndEndpointArgs());
        return args;
    }

    List<String> arnAndEndpointArgs() {
        return List.of(
                "--trust-anchor-arn", emulator.trustAnchorArn(),
                "--profile-arn", emulator.profileArn(),
                "--role-arn", emulator.roleArn(),
                "--endpoint", emulator.endpoint().toString(),
                "--ca-bundle", caBundle.toString());
    }

    /** Calls the emulator's STS GetCallerIdentity with real SDK clients; it succeeds only for credentials it issued. */
    public GetCallerIdentityResponse callerIdentity(AwsCredentialsProvider provider) {
        try (StsClient sts = StsClient.builder()
                .region(Region.of(emulator.region()))
                .endpointOverride(emulator.stsEndpoint())
                .credentialsProvider(provider)
                .httpClient(UrlConnectionHttpClient.builder()
                        .tlsTrustManagersProvider(() -> trustManagers())
                        .build())
                .build()) {
            return sts.getCallerIdentity();
        }
    }

    private javax.net.ssl.TrustManager[] trustManagers() {
        try {
            javax.net.ssl.TrustManagerFactory f = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            f.init(emulator.trustStore());
            return f.getTrustManagers();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        emulator.close();
    }
}
