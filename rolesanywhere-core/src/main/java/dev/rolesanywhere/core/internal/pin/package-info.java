/**
 * Internal: where a PIN comes from (a value, a file, an environment variable). Not API: it may change in any release, and no other module may use it (a build test checks).
 * Use {@code dev.rolesanywhere.core.PinCallback} instead.
 */
package dev.rolesanywhere.core.internal.pin;
