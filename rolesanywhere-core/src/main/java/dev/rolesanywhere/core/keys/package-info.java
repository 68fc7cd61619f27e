/**
 * Key sources that hold the private key in the JVM or behind a JCA provider.
 *
 * <ul>
 *   <li>{@link dev.rolesanywhere.core.keys.FileSigner}: PEM, DER and PKCS#12 files, re-read when they change on disk,
 *       so certificates rotate without a restart;</li>
 *   <li>{@link dev.rolesanywhere.core.keys.KeyStoreSigner}: an entry of any loaded {@link java.security.KeyStore}
 *       (PKCS12, JKS, SunPKCS11, Windows-MY, KeychainStore);</li>
 *   <li>{@link dev.rolesanywhere.core.keys.PrivateKeySigner}: a {@link java.security.PrivateKey} the caller already
 *       holds, and the immutable pair the other two hand out per request.</li>
 * </ul>
 *
 * <pre>{@code
 * try (FileSigner signer = FileSigner.builder()
 *         .certificateFile(Paths.get("/etc/pki/app/cert.pem"))   // leaf, then intermediates
 *         .privateKeyFile(Paths.get("/etc/pki/app/key.pem"))     // PKCS#8, PKCS#1, SEC1, encrypted PKCS#8
 *         .password(password)                                    // copied; wipe yours afterwards
 *         .build()) {
 *     // hand the signer to CreateSessionRequest.builder().signer(signer)
 * }
 * }</pre>
 *
 * <p>Every source validates at build time (X.509 v3 certificate; RSA 2048 to 4096 bits, EC P-256/P-384/P-521 or
 * ML-DSA; key matching the certificate) and reports problems as {@link dev.rolesanywhere.core.KeySourceException}s
 * that name the file or entry and the fix, never a password.
 */
package dev.rolesanywhere.core.keys;
