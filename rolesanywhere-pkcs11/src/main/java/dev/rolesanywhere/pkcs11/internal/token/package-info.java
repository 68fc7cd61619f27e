/**
 * The token model between the raw binding ({@code internal.ffi}) and the public signer: one user's hold on a module
 * ({@code ModuleContext}, {@code ContextSettings}), tokens and their session pools ({@code Token}, {@code SessionPool},
 * {@code SessionLease}, {@code SlotGeneration}), the login and PIN decisions per physical token
 * ({@code LoginRegistry}, {@code LoginState}, {@code TokenLogin}, {@code PinFingerprint}, {@code RejectedPinMarker}),
 * finding certificates and keys ({@code TokenSelector}, {@code KeyDiscovery}, {@code PublicKeyMatch},
 * {@code IssuerChain}), and signing with a found key ({@code BoundKey}, with the encodings in
 * {@code EcdsaSignatureEncoding} and {@code RsaDigestInfo}, written with {@code Der}; {@code Hex} for ids in
 * messages). None of these needs Bouncy Castle; certificate requests ({@code CertificateRequests},
 * {@code TokenContentSigner}) do, and are reached only after {@code PkixPresence} found it.
 *
 * <p>Not API: types here change without notice.
 */
package dev.rolesanywhere.pkcs11.internal.token;
