/**
 * Internal: the starter's implementation (key sources, checks, health, metrics, bootstrap registration). Not API; it
 * may change in any release. Use {@code dev.rolesanywhere.spring}.
 */
package dev.rolesanywhere.spring.internal;
