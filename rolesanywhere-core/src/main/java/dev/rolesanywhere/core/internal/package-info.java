/**
 * Internal: request signing, endpoint resolution, the owned HTTP client, response parsing, retries. Not API: it may change in any release, and no other module may use it (a build test checks).
 * Use {@code dev.rolesanywhere.core} instead.
 */
package dev.rolesanywhere.core.internal;
