/**
 * Internal: the {@code SignerFactory} that lets the provider and the command line reach tokens. Not API: it may change in any release, and no other module may use it (a build test checks).
 * Use {@code dev.rolesanywhere.pkcs11} instead.
 */
package dev.rolesanywhere.pkcs11.internal.spi;
