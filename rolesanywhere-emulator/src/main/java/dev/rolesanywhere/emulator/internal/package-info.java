/**
 * Internal: the emulator's HTTP handlers, its own SigV4 and X.509 request verification, certificate issuing. Not API: it may change in any release, and no other module may use it (a build test checks).
 * Use {@code dev.rolesanywhere.emulator} instead.
 */
package dev.rolesanywhere.emulator.internal;
