/**
 * Internal: the {@code serve} command's IMDS and container-credentials endpoints. Not API: it may change in any release, and no other module may use it (a build test checks).
 * Use the {@code serve} command instead.
 */
package dev.rolesanywhere.cli.internal.serve;
