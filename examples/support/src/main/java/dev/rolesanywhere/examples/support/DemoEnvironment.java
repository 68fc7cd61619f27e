package dev.rolesanywhere.examples.support;

import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import dev.rolesanywhere.pkcs11.TokenProvisioner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * What stands in for AWS and for your PKI in the examples: a test CA, a local IAM Roles Anywhere + STS emulator that
 * trusts it, and — when {@value #TOKEN_URI_VARIABLE} names a SoftHSM2 token (examples/run.sh creates one) — a key
 * pair generated inside that token with its certificate issued by the CA and stored next to it.
 *
 * <p>Against the real service none of this exists: you have ARNs, a certificate from your CA, and a token someone
 * provisioned once (the {@code rolesanywhere pkcs11 keygen/csr/import-cert} commands, or {@link TokenProvisioner}).
 */
public final class DemoEnvironment implements AutoCloseable {

    /** Environment variable holding the {@code pkcs11:} URI of an initialised, empty token (with its module and PIN). */
    public static final String TOKEN_URI_VARIABLE = "ROLESANYWHERE_DEMO_TOKEN_URI";

    private final Path directory;
    private final TestCertificateAuthority ca;
    private final RolesAnywhereEmulator emulator;
    private final Path trustBundle;
    private final SdkHttpClient httpClient;

    private DemoEnvironment(Path directory, TestCertificateAuthority ca, RolesAnywhereEmulator emulator) {
        this.directory = directory;
        this.ca = ca;
        this.emulator = emulator;
        this.trustBundle = emulator.writeTrustBundle(directory.resolve("emulator-ca.pem"));
        this.httpClient = UrlConnectionHttpClient.builder()
                .tlsTrustManagersProvider(() -> trustManagers(emulator))
                .build();
    }

    /** Starts a test CA and an emulator that trusts it, on a free loopback port. */
    public static DemoEnvironment start() {
        try {
            Path directory = Files.createTempDirectory("rolesanywhere-demo");
            TestCertificateAuthority ca = TestCertificateAuthority.create();
            RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder()
                    .trustAnchor(ca.certificate())
                    .acceptRoleSessionName(true)
                    .build()
                    .start();
            return new DemoEnvironment(directory, ca, emulator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RolesAnywhereEmulator emulator() {
        return emulator;
    }

    /** PEM file with the emulator's self-signed TLS certificate, to trust for CreateSession. */
    public Path caBundle() {
        return trustBundle;
    }

    /** A certificate and key issued by the test CA, written as PEM files: the plain file-key case. */
    public FileIdentity fileIdentity() {
        IssuedCertificate leaf = ca.issueClientCertificate();
        return new FileIdentity(leaf.writeCertificatePem(directory.resolve("workload.pem")),
                leaf.writePrivateKeyPem(directory.resolve("workload.key")), leaf.serialNumber().toString());
    }

    /** Whether a demo token was handed over through {@value #TOKEN_URI_VARIABLE}. */
    public static boolean tokenAvailable() {
        String uri = System.getenv(TOKEN_URI_VARIABLE);
        return uri != null && !uri.isBlank();
    }

    /**
     * The article's one-time "module initialization", done in-process: generate an EC P-256 key inside the token
     * (sensitive, never extractable), have the CA sign a certificate request made by that key, and store the
     * certificate next to the key.
     *
     * @return the {@code pkcs11:} URI that names the certificate (and so its key), with the token's module and PIN
     *     source, ready for {@code certificate(...)}
     */
    public String provisionTokenIdentity(String label) {
        String tokenUri = System.getenv(TOKEN_URI_VARIABLE);
        if (tokenUri == null || tokenUri.isBlank()) {
            throw new IllegalStateException(TOKEN_URI_VARIABLE + " is not set: run this example through "
                    + "examples/run.sh, which creates a SoftHSM2 token for it");
        }
        Pkcs11Uri token = Pkcs11Uri.parse(tokenUri);
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        try (TokenProvisioner provisioner = TokenProvisioner.builder().uri(token).build()) {
            TokenProvisioner.GeneratedKey key =
                    provisioner.generateKeyPair(TokenProvisioner.KeyType.EC_P256, id, label);
            byte[] request = provisioner.certificateRequest(key, "CN=" + label + ",O=Roles Anywhere demo");
            IssuedCertificate issued = ca.issueClientCertificate(verifiedPublicKey(request), "CN=" + label);
            provisioner.importCertificate(key.id(), label, issued.certificate(), issued.intermediates());
        }
        return token.toBuilder().object(label).build().toUriString(true);
    }

    /** What a CA does before signing: check the request was signed by the key it asks to certify. */
    private static PublicKey verifiedPublicKey(byte[] der) {
        try {
            JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(der);
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(request.getPublicKey()))) {
                throw new IllegalStateException("The certificate request's signature does not verify");
            }
            X500Name subject = request.getSubject();
            System.out.println("CA: verified a certificate request for " + subject);
            return request.getPublicKey();
        } catch (IOException | GeneralSecurityException | PKCSException
                | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("Cannot read the certificate request: " + e.getMessage(), e);
        }
    }

    /** An STS client pointed at the emulator, which verifies the SigV4 signature made with {@code credentials}. */
    public StsClient sts(AwsCredentialsProvider credentials) {
        return StsClient.builder()
                .credentialsProvider(credentials)
                .region(Region.of(emulator.region()))
                .endpointOverride(emulator.stsEndpoint())
                .httpClient(httpClient)
                .build();
    }

    /** Writes {@code content} to a file in the demo directory (an AWS config file, say). */
    public Path writeFile(String name, String content) {
        try {
            return Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        httpClient.close();
        emulator.close();
        deleteRecursively(directory);
    }

    private static void deleteRecursively(Path root) {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not remove " + root + ": " + e.getMessage());
        }
    }

    private static javax.net.ssl.TrustManager[] trustManagers(RolesAnywhereEmulator emulator) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(emulator.trustStore());
            return trust.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate and its private key in PEM files. */
    public static final class FileIdentity {
        private final Path certificate;
        private final Path privateKey;
        private final String serialNumber;

        FileIdentity(Path certificate, Path privateKey, String serialNumber) {
            this.certificate = certificate;
            this.privateKey = privateKey;
            this.serialNumber = serialNumber;
        }

        public Path certificate() {
            return certificate;
        }

        public Path privateKey() {
            return privateKey;
        }

        public String serialNumber() {
            return serialNumber;
        }
    }
}
