/**
 * The raw PKCS#11 v2.40 binding: one Java method per C function ({@link dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki}),
 * called through the module's {@code CK_FUNCTION_LIST} with jffi.
 *
 * <p>Layers, bottom up:
 * <ul>
 *   <li>{@code NativeAbi}, {@code StructLayout}, {@code CkLayouts}: the only place that knows CK_ULONG width and
 *       Windows packing; every structure offset is computed from field declarations, never written by hand.</li>
 *   <li>{@code ModuleLoader}, {@code NativeFunctions}: dlopen, {@code C_GetFunctionList}, one jffi call context per
 *       entry point, optional serialisation for modules without OS locking.</li>
 *   <li>{@code JffiCryptoki}, {@code Templates}, {@code NativeMemory}, {@code ThreadScratch}: marshalling, with one
 *       owner per native block (try-with-resources) and PIN memory wiped before it is freed.</li>
 *   <li>{@code ReturnValues}, {@code Ckr}: {@code CK_RV} to typed exceptions in {@code dev.rolesanywhere.pkcs11}.</li>
 *   <li>{@code ModuleRegistry}, {@code ModuleHandle}: one initialised module per canonical path per JVM,
 *       reference-counted, finalised only by whoever initialised it.</li>
 * </ul>
 *
 * <p>Internal API: the token layer ({@code ...internal.token}) is its only intended caller.
 */
package dev.rolesanywhere.pkcs11.internal.ffi;
