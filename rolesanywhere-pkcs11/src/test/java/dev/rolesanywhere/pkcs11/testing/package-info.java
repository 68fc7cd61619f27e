/**
 * Real PKCS#11 tokens for tests, made fresh for every test JVM.
 *
 * <ul>
 *   <li>{@link dev.rolesanywhere.pkcs11.testing.SoftHsmFixture}: SoftHSM2 tokens ({@code createToken()}), keys and
 *       certificates on them ({@code token.key("label")...create()}), PINs and {@code pkcs11:} URIs. Sets
 *       {@code SOFTHSM2_CONF} through libc {@code setenv} on first use: touch it before loading SoftHSM2.</li>
 *   <li>{@link dev.rolesanywhere.pkcs11.testing.FaultModule}: {@code target/native/libp11fault.so} (from
 *       {@code src/test/c/p11fault.c}) in front of a private SoftHSM2 instance; injects {@code CKR_*} codes, counts
 *       calls, simulates a removed token and {@code C_Initialize} quirks.</li>
 *   <li>{@link dev.rolesanywhere.pkcs11.testing.P11KitProxyFixture}: {@code p11-kit-proxy.so} limited to the test
 *       module (fully only for non-root processes: p11-kit ignores user configuration as root).</li>
 *   <li>{@link dev.rolesanywhere.pkcs11.testing.TpmFixture}: a tpm2-pkcs11 token on a software TPM.</li>
 *   <li>{@link dev.rolesanywhere.pkcs11.testing.TestPki}: the CA that issues the fixtures' certificates.</li>
 * </ul>
 *
 * <p>SoftHSM2 reads its token directory in {@code C_Initialize} only, so create tokens and keys before the module is
 * initialised in-process (e.g. in {@code @BeforeAll}) and let the registry finalise it when a test class is done.
 * The native parts need gcc, the p11-kit headers ({@code libp11-kit-dev}), softhsm2, opensc (pkcs11-tool) and p11-kit;
 * the TPM fixture also needs the packages listed in its javadoc.
 */
package dev.rolesanywhere.pkcs11.testing;
