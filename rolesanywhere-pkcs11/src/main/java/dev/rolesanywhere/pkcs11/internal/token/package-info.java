/**
 * The token model between the raw binding ({@code internal.ffi}) and the public signer: tokens and their session
 * pools and login ({@code Token}, {@code SessionPool}, {@code TokenLogin}), finding certificates and keys
 * ({@code TokenSelector}, {@code KeyDiscovery}, {@code PublicKeyMatch}, {@code IssuerChain}), and signing with a found
 * key ({@code BoundKey}, with the encodings in {@code EcdsaSignatureEncoding} and {@code RsaDigestInfo}).
 *
 * <p>Not API: types here change without notice.
 */
package dev.rolesanywhere.pkcs11.internal.token;
