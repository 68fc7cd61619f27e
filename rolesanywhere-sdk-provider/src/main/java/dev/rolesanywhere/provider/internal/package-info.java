/**
 * Internal: the provider's profile reading and certificate-expiry warning. Not API: it may change in any release, and no other module may use it (a build test checks).
 * Use {@code dev.rolesanywhere.provider} instead.
 */
package dev.rolesanywhere.provider.internal;
