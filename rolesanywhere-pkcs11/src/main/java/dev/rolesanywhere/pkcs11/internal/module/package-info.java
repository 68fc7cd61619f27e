/**
 * Internal: where PKCS#11 modules are found on each platform (p11-kit's module files, default paths). Not API: it may change in any release, and no other module may use it (a build test checks).
 * Use {@code dev.rolesanywhere.pkcs11.ModuleLocator} instead.
 */
package dev.rolesanywhere.pkcs11.internal.module;
