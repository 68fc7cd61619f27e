/**
 * What every module's tests share (this module depends on no other module of the project, so the emulator's tests
 * use it too).
 *
 * <ul>
 *   <li>{@link dev.rolesanywhere.testing.MutableClock}: time the test moves, instead of sleeping.</li>
 *   <li>{@link dev.rolesanywhere.testing.ProcessRunner}: openssl, keytool, softhsm2-util, pkcs11-tool and friends,
 *       both output streams drained at once, PINs masked in messages.</li>
 *   <li>{@link dev.rolesanywhere.testing.SoftHsmFixture}: SoftHSM2 tokens ({@code createToken()}), keys and
 *       certificates on them ({@code token.key("label")...create()}), PINs and {@code pkcs11:} URIs. Sets
 *       {@code SOFTHSM2_CONF} through libc {@code setenv} on first use: touch it before loading SoftHSM2.</li>
 *   <li>{@link dev.rolesanywhere.testing.FaultModule}: the fault-injecting PKCS#11 module ({@code src/main/c}) in
 *       front of a private SoftHSM2 instance; injects {@code CKR_*} codes, counts calls, simulates a removed token
 *       and {@code C_Initialize} quirks.</li>
 *   <li>{@link dev.rolesanywhere.testing.TestKeyType}, {@link dev.rolesanywhere.testing.TestPki}: the key types
 *       tests make, and the CA that certifies token keys.</li>
 *   <li>{@link dev.rolesanywhere.testing.SecretRecorder}, {@link dev.rolesanywhere.testing.LogCapture},
 *       {@link dev.rolesanywhere.testing.ScratchDirectory}: secret hygiene: what the tests create is recorded for the
 *       build's scan, logs can be read back, and files kept for a JVM's lifetime are removed when it exits.</li>
 *   <li>{@link dev.rolesanywhere.testing.ConnectProxy}, {@link dev.rolesanywhere.testing.RecordingEndpoint},
 *       {@link dev.rolesanywhere.testing.SelfSignedTls}: an HTTP CONNECT proxy (optionally demanding a Basic login,
 *       optionally over TLS, optionally forwarding every tunnel to one local port), an endpoint that records the raw
 *       requests it gets, and the self-signed certificate for TLS servers a test writes.</li>
 * </ul>
 *
 * <p>SoftHSM2 reads its token directory in {@code C_Initialize} only, so create tokens and keys before the module is
 * initialised in-process (e.g. in {@code @BeforeAll}) and let the registry finalise it when a test class is done.
 * The native parts need gcc, libc6-dev, the p11-kit headers ({@code libp11-kit-dev}), softhsm2 and opensc
 * (pkcs11-tool): {@code scripts/install-system-deps.sh} installs them.
 */
package dev.rolesanywhere.testing;
