/**
 * Internal: the command line's implementation: the credentials-file editor and writer, the update loop, output formats. Not API: it may change in any release, and no other module may use it (a build test checks).
 * Use the commands in {@code dev.rolesanywhere.cli} instead.
 */
package dev.rolesanywhere.cli.internal;
