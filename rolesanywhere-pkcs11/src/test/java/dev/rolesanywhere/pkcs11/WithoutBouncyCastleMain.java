package dev.rolesanywhere.pkcs11;

import dev.rolesanywhere.core.CreateSessionClient;
import dev.rolesanywhere.core.CreateSessionRequest;
import dev.rolesanywhere.core.RolesAnywhereException;
import dev.rolesanywhere.core.SessionCredentials;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.core.Signers;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collections;

/**
 * Run by {@link WithoutBouncyCastleTest} in a JVM without any Bouncy Castle jar. Arguments:
 * {@code builder|spec URI ENDPOINT TRUST_ANCHOR PROFILE ROLE CA_BUNDLE} signs CreateSession with the token key the
 * {@code pkcs11:} URI names (through {@link Pkcs11Signer}'s builder, or core's {@link Signers#fromSpec} and the SPI)
 * and prints the access key id; {@code provision URI CERTIFICATE_PEM KEY_ID_HEX LABEL} generates a key pair, imports the
 * certificate for the key with that id, and asks for a certificate request. Any library error is printed as its type
 * and message.
 */
public final class WithoutBouncyCastleMain {
    private WithoutBouncyCastleMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            if ("provision".equals(args[0])) {
                provision(args[1], args[2], args[3], args[4]);
            } else {
                createSession(args);
            }
        } catch (RolesAnywhereException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void createSession(String[] args) {
        try (Signer signer = "spec".equals(args[0])
                ? Signers.fromSpec(SignerSpec.builder().certificate(args[1]).build())
                : Pkcs11Signer.builder().uri(args[1]).build();
                CreateSessionClient client = CreateSessionClient.builder().endpoint(URI.create(args[2]))
                        .caBundle(Paths.get(args[6])).build()) {
            SessionCredentials credentials = client.createSession(CreateSessionRequest.builder().signer(signer)
                    .trustAnchorArn(args[3]).profileArn(args[4]).roleArn(args[5]).build());
            System.out.println("access key " + credentials.accessKeyId() + " signed by a " + signer.keySourceKind()
                    + " " + signer.algorithm() + " key");
        }
    }

    private static void provision(String uri, String certificateFile, String keyId, String label)
            throws Exception {
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(Paths.get(certificateFile))) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        try (TokenProvisioner provisioner = TokenProvisioner.builder().uri(uri).build()) {
            TokenProvisioner.GeneratedKey key = provisioner.generateKeyPair(TokenProvisioner.KeyType.EC_P256,
                    new byte[] {0x5a}, "generated-without-bc");
            System.out.println("generated " + key.type() + " " + key.publicKey().getAlgorithm() + " key");
            provisioner.importCertificate(bytes(keyId), label, certificate,
                    Collections.emptyList());
            System.out.println("imported " + certificate.getSubjectX500Principal().getName());
            provisioner.certificateRequest(key, "CN=without-bouncy-castle");
            System.out.println("certificate request created");
        }
    }

    private static byte[] bytes(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
