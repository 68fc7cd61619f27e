/**
 * Key sources that hold the private key in the JVM or a JCA provider: {@link dev.rolesanywhere.core.keys.FileSigner}
 * (PEM, DER and PKCS#12 files, re-read when they change), {@link dev.rolesanywhere.core.keys.KeyStoreSigner} (any
 * {@link java.security.KeyStore}) and {@link dev.rolesanywhere.core.keys.PrivateKeySigner} (a key the caller holds).
 */
package dev.rolesanywhere.core.keys;
