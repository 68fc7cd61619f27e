package dev.rolesanywhere.cli.internal.serve;

import dev.rolesanywhere.core.ConfigurationException;
import java.lang.reflect.Method;
import java.nio.channels.NetworkChannel;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.byref.IntByReference;

/**
 * Sets and reads the unicast IP time-to-live of a socket. Java has no socket option for it (IP_MULTICAST_TTL only
 * affects multicast, and jdk.net.ExtendedSocketOptions has no TTL), so this calls setsockopt(IPPROTO_IP, IP_TTL)
 * through jnr-ffi on the channel's file descriptor. The descriptor is read through {@code sun.nio.ch.SelChImpl}, which
 * the launcher exports ({@code Add-Exports} in the jar manifest).
 *
 * <p>A hop limit of 1 is what keeps the IMDS look-alike out of reach of containers behind a bridge network, which is
 * why a failure here stops the server instead of being ignored.
 */
public final class IpTtl {

    private static final int IPPROTO_IP = 0;

    /** The part of libc this needs. */
    public interface LibC {
        int setsockopt(int fd, int level, int option, IntByReference value, int length);

        int getsockopt(int fd, int level, int option, IntByReference value, IntByReference length);
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load(Platform.getNativePlatform().getStandardCLibraryName());
    }

    private IpTtl() {
    }

    public static void set(NetworkChannel channel, int ttl) {
        if (ttl < 1 || ttl > 255) {
            throw new ConfigurationException("--hop-limit " + ttl + " is out of range; use 1..255");
        }
        int fd = fileDescriptor(channel);
        int rc = Holder.LIBC.setsockopt(fd, IPPROTO_IP, ipTtlOption(), new IntByReference(ttl), 4);
        if (rc != 0) {
            throw new ConfigurationException("Cannot set the IP TTL (hop limit) of the server socket: setsockopt failed"
                    + " with errno " + jnr.ffi.LastError.getLastError(jnr.ffi.Runtime.getSystemRuntime()));
        }
    }

    public static int get(NetworkChannel channel) {
        int fd = fileDescriptor(channel);
        IntByReference value = new IntByReference(0);
        IntByReference length = new IntByReference(4);
        int rc = Holder.LIBC.getsockopt(fd, IPPROTO_IP, ipTtlOption(), value, length);
        if (rc != 0) {
            throw new IllegalStateException("getsockopt(IP_TTL) failed with errno "
                    + jnr.ffi.LastError.getLastError(jnr.ffi.Runtime.getSystemRuntime()));
        }
        return value.intValue();
    }

    /** IP_TTL differs between the BSD and Linux socket headers. */
    private static int ipTtlOption() {
        Platform.OS os = Platform.getNativePlatform().getOS();
        switch (os) {
            case LINUX:
                return 2;
            case DARWIN:
            case FREEBSD:
            case OPENBSD:
            case NETBSD:
            case DRAGONFLY:
                return 4;
            default:
                throw new ConfigurationException("Setting the IP TTL (--hop-limit) is not supported on " + os
                        + "; run serve on Linux or macOS");
        }
    }

    private static int fileDescriptor(NetworkChannel channel) {
        try {
            Class<?> selectable = Class.forName("sun.nio.ch.SelChImpl");
            Method getFdVal = selectable.getMethod("getFDVal");
            return (Integer) getFdVal.invoke(channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ConfigurationException("Cannot reach the socket's file descriptor to set the IP TTL; run through "
                    + "the rolesanywhere launcher, or add the JVM option --add-exports java.base/sun.nio.ch=ALL-UNNAMED", e);
        }
    }
}
