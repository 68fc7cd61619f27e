/**
 * The PKCS#11 fixtures that need this module's own types; everything else (SoftHSM2 tokens, the fault module, the
 * fixtures' CA, the process runner) is in {@code rolesanywhere-test-fixtures} ({@code dev.rolesanywhere.testing}).
 *
 * <ul>
 *   <li>{@link dev.rolesanywhere.pkcs11.testing.P11KitProxyFixture}: {@code p11-kit-proxy.so} limited to the test
 *       module (fully only for non-root processes: p11-kit ignores user configuration as root).</li>
 *   <li>{@link dev.rolesanywhere.pkcs11.testing.TpmFixture}: a tpm2-pkcs11 token on a software TPM.</li>
 * </ul>
 */
package dev.rolesanywhere.pkcs11.testing;
