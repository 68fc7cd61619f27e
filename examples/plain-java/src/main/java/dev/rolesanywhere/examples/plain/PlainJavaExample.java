package dev.rolesanywhere.examples.plain;

import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The smallest complete use of the provider: certificate and key files in, AWS credentials out, used by an SDK client.
 *
 * <p>Run it with {@code mvn -q -pl examples/plain-java exec:java}. It starts a local IAM Roles Anywhere emulator (and
 * a test CA) so it needs no AWS account; against the real service, drop the emulator lines, the {@code endpoint},
 * {@code caBundle} and the STS overrides, and use your own ARNs and files.
 */
public final class PlainJavaExample {

    private PlainJavaExample() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("rolesanywhere-example");
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build()
                .start()) {
            IssuedCertificate leaf = ca.issueClientCertificate();
            Path certificate = leaf.writeCertificatePem(work.resolve("leaf.pem"));
            Path privateKey = leaf.writePrivateKeyPem(work.resolve("leaf.key"));

            try (RolesAnywhereCredentialsProvider credentials = RolesAnywhereCredentialsProvider.builder()
                    .trustAnchorArn(emulator.trustAnchorArn())
                    .profileArn(emulator.profileArn())
                    .roleArn(emulator.roleArn())
                    .certificate(certificate.toString())
                    .privateKey(privateKey.toString())
                    .endpoint(emulator.endpoint())
                    .caBundle(emulator.writeTrustBundle(work.resolve("emulator-ca.pem")))
                    .build();
                    SdkHttpClient http = httpClientTrusting(emulator);
                    StsClient sts = StsClient.builder()
                            .credentialsProvider(credentials)
                            .region(Region.of(emulator.region()))
                            .endpointOverride(emulator.stsEndpoint())
                            .httpClient(http)
                            .build()) {
                GetCallerIdentityResponse identity = sts.getCallerIdentity();
                System.out.println("Account: " + identity.account());
                System.out.println("ARN:     " + identity.arn());
                System.out.println("User id: " + identity.userId());
                System.out.println("Credentials expire at "
                        + credentials.resolveCredentials().expirationTime().orElseThrow());
            }
        }
    }

    /** The emulator serves HTTPS with a self-signed certificate; trust exactly that one. */
    private static SdkHttpClient httpClientTrusting(RolesAnywhereEmulator emulator) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(emulator.trustStore());
        return UrlConnectionHttpClient.builder().tlsTrustManagersProvider(trust::getTrustManagers).build();
    }
}
