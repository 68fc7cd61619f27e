package dev.rolesanywhere.pkcs11;

import dev.rolesanywhere.testing.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** Independent checks of signatures the token produced: the JCA and the openssl command line. */
final class Signatures {
    private Signatures() {
    }

    static boolean verifiesInJca(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature v = Signature.getInstance("RSA".equals(key.getAlgorithm()) ? "SHA256withRSA"
                    : "SHA256withECDSA");
            v.initVerify(key);
            v.update(data);
            return v.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** {@code openssl dgst -sha256 -verify pub.pem -signature sig data}; true when openssl says "Verified OK". */
    static boolean verifiesWithOpenssl(PublicKey key, byte[] data, byte[] signature, Path workDir) {
        try {
            Path dir = Files.createTempDirectory(workDir, "verify-");
            Path pub = dir.resolve("pub.pem");
            Path sig = dir.resolve("sig.bin");
            Path msg = dir.resolve("data.bin");
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            Files.write(pub, pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            Files.write(sig, signature);
            Files.write(msg, data);
            ProcessRunner.Result r = ProcessRunner.command("openssl", "dgst", "-sha256", "-verify", pub.toString(),
                    "-signature", sig.toString(), msg.toString()).run();
            return r.exitCode() == 0 && r.output().contains("Verified OK");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
