package dev.rolesanywhere.examples.chain;

import dev.rolesanywhere.examples.support.DemoEnvironment;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Our provider inside an {@link AwsCredentialsProviderChain}, after the SDK's environment and system-property
 * providers, configured from an unchanged AWS config profile: the {@code credential_process = aws_signing_helper …}
 * line teams already have is read and served in-process — no helper binary is started.
 *
 * <p>Run it with {@code examples/run.sh provider-chain}.
 */
public final class ProviderChainExample {

    private ProviderChainExample() {
    }

    public static void main(String[] args) {
        try (DemoEnvironment demo = DemoEnvironment.start()) {
            String key = DemoEnvironment.tokenAvailable()
                    ? "--certificate '" + demo.provisionTokenIdentity("chain-workload") + "'"
                    : certificateAndKeyFiles(demo);
            // What ~/.aws/config typically holds today; rolesanywhere_ca_bundle is only needed for the emulator.
            String config = "[profile workload]\n"
                    + "credential_process = /usr/local/bin/aws_signing_helper credential-process " + key
                    + " --trust-anchor-arn " + demo.emulator().trustAnchorArn()
                    + " --profile-arn " + demo.emulator().profileArn()
                    + " --role-arn " + demo.emulator().roleArn()
                    + " --endpoint " + demo.emulator().endpoint() + "\n"
                    + "rolesanywhere_ca_bundle = " + demo.caBundle() + "\n";
            System.out.println("AWS config profile:\n" + config.replaceAll("pin-value=[^&']*", "pin-value=***"));

            try (RolesAnywhereCredentialsProvider rolesAnywhere = RolesAnywhereCredentialsProvider.builder()
                    .profileFile(ProfileFile.builder()
                            .content(demo.writeFile("config", config))
                            .type(ProfileFile.Type.CONFIGURATION)
                            .build())
                    .profileName("workload")
                    .build();
                    AwsCredentialsProviderChain chain = AwsCredentialsProviderChain.builder()
                            .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
                                    SystemPropertyCredentialsProvider.create(),
                                    rolesAnywhere)
                            .build();
                    StsClient sts = demo.sts(chain)) {
                GetCallerIdentityResponse identity = sts.getCallerIdentity();
                // The chain took the first provider that had credentials: the environment and system properties
                // offer none here, so that is the Roles Anywhere provider, whose cache now holds them.
                chain.resolveCredentials();
                System.out.println("Credentials from: " + rolesAnywhere + ", valid until "
                        + rolesAnywhere.cachedCredentialsExpiration().orElse(null));
                System.out.println("STS (SigV4 verified by the emulator): " + identity.arn());
            }
        }
    }

    private static String certificateAndKeyFiles(DemoEnvironment demo) {
        System.out.println("(" + DemoEnvironment.TOKEN_URI_VARIABLE + " is not set: using a key file; run "
                + "examples/run.sh provider-chain for a SoftHSM2 token)");
        DemoEnvironment.FileIdentity file = demo.fileIdentity();
        return "--certificate " + file.certificate() + " --private-key " + file.privateKey();
    }
}
