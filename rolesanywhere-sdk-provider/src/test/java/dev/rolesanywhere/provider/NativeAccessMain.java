package dev.rolesanywhere.provider;

import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.core.Signers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Run by {@link NativeAccessTest} in a JVM of its own: signs once with the token key whose URI it reads on stdin. */
public final class NativeAccessMain {
    private NativeAccessMain() {
    }

    public static void main(String[] args) throws Exception {
        String uri = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        try (Signer signer = Signers.fromSpec(SignerSpec.builder().certificate(uri).build())) {
            byte[] signature = signer.sign("string to sign".getBytes(StandardCharsets.UTF_8));
            System.out.println("signed with " + signer.algorithm() + ": " + signature.length + " bytes");
        }
    }
}
