package dev.rolesanywhere.testing;

import jnr.ffi.LibraryLoader;

/**
 * Sets variables in the process's native environment (libc {@code setenv}). Native modules such as SoftHSM2 and
 * p11-kit read their configuration with {@code getenv} when they initialise, and the JVM offers no way to change its
 * own environment, so the fixtures call libc directly. Java's {@link System#getenv()} does not see these changes;
 * child processes get the variables from {@link #childEnvironment()} instead.
 */
public final class NativeEnvironment {

    /** The two libc functions needed, bound through jnr-ffi. */
    public interface LibC {
        int setenv(String name, String value, int overwrite);

        String getenv(String name);

        int getuid();
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final java.util.Map<String, String> SET = new java.util.concurrent.ConcurrentHashMap<>();

    private NativeEnvironment() {
    }

    /** Sets {@code name=value} for native code in this process; must run before the module reading it initialises. */
    public static synchronized void set(String name, String value) {
        if (LIBC.setenv(name, value, 1) != 0) {
            throw new IllegalStateException("setenv(" + name + ") failed");
        }
        SET.put(name, value);
    }

    /** The native value of {@code name}, including changes made through {@link #set}. */
    public static String get(String name) {
        return LIBC.getenv(name);
    }

    /** The real user id of this process (0 for root). */
    public static int uid() {
        return LIBC.getuid();
    }

    /** The JVM's environment plus every variable set through {@link #set}, for child processes. */
    public static java.util.Map<String, String> childEnvironment() {
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.putAll(SET);
        return env;
    }
}
