package dev.rolesanywhere.core;

import dev.rolesanywhere.core.keys.KeyStoreSigner;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;

/**
 * Run by {@link WithoutBouncyCastleTest} in a JVM without Bouncy Castle on the class path: loads a key (arguments:
 * {@code files CERT KEY|- PASSWORD|-} or {@code keystore PKCS12 PASSWORD}), calls CreateSession with it (then: endpoint,
 * trust anchor, profile and role ARNs, the endpoint's CA bundle) and prints the access key id or the error.
 */
public final class WithoutBouncyCastleMain {
    private WithoutBouncyCastleMain() {
    }

    public static void main(String[] args) throws Exception {
        char[] password = "-".equals(args[3]) ? null : args[3].toCharArray();
        try (Signer signer = signer(args[0], args[1], args[2], password);
                CreateSessionClient client = CreateSessionClient.builder().endpoint(URI.create(args[4]))
                        .caBundle(Paths.get(args[8])).build()) {
            SessionCredentials credentials = client.createSession(CreateSessionRequest.builder().signer(signer)
                    .trustAnchorArn(args[5]).profileArn(args[6]).roleArn(args[7]).build());
            System.out.println("access key " + credentials.accessKeyId() + " signed by a " + signer.keySourceKind()
                    + " " + signer.algorithm() + " key");
        } catch (RolesAnywhereException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Signer signer(String kind, String first, String second, char[] password) throws Exception {
        if ("keystore".equals(kind)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(Paths.get(first))) {
                store.load(in, password);
            }
            return KeyStoreSigner.builder().keyStore(store).keyPassword(password).build();
        }
        return Signers.fromSpec(SignerSpec.builder().certificate(first)
                .privateKey("-".equals(second) ? null : second).pkcs8Password(password).build());
    }
}
