/**
 * Internal: RFC 7512 {@code pkcs11:} URI parsing and percent-encoding. Not API: it may change in any release, and no other module may use it (a build test checks).
 * Use {@code dev.rolesanywhere.pkcs11.Pkcs11Uri} instead.
 */
package dev.rolesanywhere.pkcs11.internal.uri;
