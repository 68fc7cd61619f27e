package dev.rolesanywhere.examples.chain;

import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * IAM Roles Anywhere as the last link of a credentials chain, configured by an existing profile: explicit keys in the
 * environment or system properties still win (handy on a developer machine), and a server with only the profile gets
 * Roles Anywhere credentials. The profile's {@code credential_process} line for {@code aws_signing_helper} is served
 * in-process: no helper binary needs to be installed.
 *
 * <p>Run it with {@code mvn -q -pl examples/provider-chain exec:java}. It starts a local emulator, so it needs no
 * AWS account.
 */
public final class ProviderChainExample {

    private ProviderChainExample() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("rolesanywhere-chain-example");
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build()
                .start()) {
            IssuedCertificate leaf = ca.issueClientCertificate();
            Path certificate = leaf.writeCertificatePem(work.resolve("leaf.pem"));
            Path privateKey = leaf.writePrivateKeyPem(work.resolve("leaf.key"));
            Path emulatorCa = emulator.writeTrustBundle(work.resolve("emulator-ca.pem"));
            // What ~/.aws/config typically holds today; rolesanywhere_ca_bundle is only needed for the emulator.
            Path config = Files.writeString(work.resolve("config"), "[profile workload]\n"
                    + "credential_process = /usr/local/bin/aws_signing_helper credential-process"
                    + " --certificate " + certificate + " --private-key " + privateKey
                    + " --trust-anchor-arn " + emulator.trustAnchorArn()
                    + " --profile-arn " + emulator.profileArn()
                    + " --role-arn " + emulator.roleArn()
                    + " --endpoint " + emulator.endpoint() + "\n"
                    + "rolesanywhere_ca_bundle = " + emulatorCa + "\n", StandardCharsets.UTF_8);

            try (RolesAnywhereCredentialsProvider rolesAnywhere = RolesAnywhereCredentialsProvider.builder()
                    .profileFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build())
                    .profileName("workload")
                    .build();
                    AwsCredentialsProviderChain chain = AwsCredentialsProviderChain.builder()
                            .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
                                    SystemPropertyCredentialsProvider.create(),
                                    rolesAnywhere)
                            .build();
                    SdkHttpClient http = httpClientTrusting(emulator);
                    StsClient sts = StsClient.builder()
                            .credentialsProvider(chain)
                            .region(Region.of(emulator.region()))
                            .endpointOverride(emulator.stsEndpoint())
                            .httpClient(http)
                            .build()) {
                GetCallerIdentityResponse identity = sts.getCallerIdentity();
                System.out.println("Credentials from: " + chain.resolveCredentials().providerName().orElse("?"));
                System.out.println("Caller ARN:       " + identity.arn());
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
