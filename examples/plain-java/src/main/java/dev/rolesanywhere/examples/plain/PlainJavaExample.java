package dev.rolesanywhere.examples.plain;

import dev.rolesanywhere.examples.support.DemoEnvironment;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The provider built in code, used by an SDK client: first with a certificate and key in files, then with the key
 * inside a SoftHSM2 token, where it was generated and which it never leaves.
 *
 * <p>Run it with {@code examples/run.sh plain-java} (creates the token). Against the real service, drop the
 * {@link DemoEnvironment} lines, {@code endpoint} and {@code caBundle}, and use your own ARNs, certificate and token.
 */
public final class PlainJavaExample {

    private PlainJavaExample() {
    }

    public static void main(String[] args) {
        try (DemoEnvironment demo = DemoEnvironment.start()) {
            System.out.println("Emulator:        " + demo.emulator().endpoint());

            DemoEnvironment.FileIdentity file = demo.fileIdentity();
            System.out.println();
            System.out.println("== Key in a file: " + file.privateKey());
            callStsWith(demo, RolesAnywhereCredentialsProvider.builder()
                    .certificate(file.certificate().toString())
                    .privateKey(file.privateKey().toString()), "file-key");

            System.out.println();
            if (DemoEnvironment.tokenAvailable()) {
                String uri = demo.provisionTokenIdentity("workload");
                System.out.println("== Key in a PKCS#11 token: " + uri.replaceAll("pin-value=[^&]*", "pin-value=***"));
                callStsWith(demo, RolesAnywhereCredentialsProvider.builder().certificate(uri), "token-key");
            } else {
                System.out.println("== Key in a PKCS#11 token: skipped; run examples/run.sh plain-java to create a "
                        + "SoftHSM2 token (" + DemoEnvironment.TOKEN_URI_VARIABLE + " is not set)");
            }
        }
    }

    private static void callStsWith(DemoEnvironment demo, RolesAnywhereCredentialsProvider.Builder key,
            String sessionName) {
        try (RolesAnywhereCredentialsProvider credentials = key
                .trustAnchorArn(demo.emulator().trustAnchorArn())
                .profileArn(demo.emulator().profileArn())
                .roleArn(demo.emulator().roleArn())
                .roleSessionName(sessionName)
                .endpoint(demo.emulator().endpoint())
                .caBundle(demo.caBundle())
                .build();
                StsClient sts = demo.sts(credentials)) {
            AwsSessionCredentials issued = credentials.resolveCredentials();
            System.out.println("CreateSession:   access key " + issued.accessKeyId() + ", expires "
                    + issued.expirationTime().orElseThrow() + " (secret and token not shown)");
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            System.out.println("STS (SigV4 verified by the emulator): " + identity.arn());
            System.out.println("Account:         " + identity.account());
        }
    }
}
