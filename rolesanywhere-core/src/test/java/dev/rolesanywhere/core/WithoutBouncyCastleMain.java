package dev.rolesanywhere.core;

/**
 * Run by {@link WithoutBouncyCastleTest} in a JVM without Bouncy Castle on the class path: loads the key files named
 * by the arguments and prints the outcome.
 */
public final class WithoutBouncyCastleMain {
    private WithoutBouncyCastleMain() {
    }

    public static void main(String[] args) {
        try (Signer signer = Signers.fromSpec(SignerSpec.builder().certificate(args[0]).privateKey(args[1]).build())) {
            System.out.println("loaded " + signer.algorithm());
        } catch (RolesAnywhereException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
