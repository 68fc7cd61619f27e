/**
 * Internal: key and certificate file parsing, KeyStore entries, file permissions. Not API: it may change in any release, and no other module may use it (a build test checks).
 * Use {@code dev.rolesanywhere.core.keys} instead.
 */
package dev.rolesanywhere.core.keys.internal;
