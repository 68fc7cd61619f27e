package dev.rolesanywhere.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * Native memory of this JVM: resident set size from {@code /proc/self/status} (which sees what the PKCS#11 module and
 * jffi allocate with malloc) and the JVM's own committed native memory from Native Memory Tracking (which does not).
 */
final class ProcessMemory {
    private static final Pattern VM_RSS = Pattern.compile("^VmRSS:\\s+(\\d+) kB$", Pattern.MULTILINE);
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");

    private ProcessMemory() {
    }

    static long residentKilobytes() {
        try {
            String status = new String(Files.readAllBytes(Paths.get("/proc/self/status")), StandardCharsets.US_ASCII);
            Matcher m = VM_RSS.matcher(status);
            if (!m.find()) {
                throw new IllegalStateException("/proc/self/status has no VmRSS line");
            }
            return Long.parseLong(m.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read /proc/self/status (the soak needs Linux)", e);
        }
    }

    /** Committed kilobytes by NMT's summary, or -1 when the JVM was started without -XX:NativeMemoryTracking. */
    static long nmtCommittedKilobytes() {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            Matcher m = NMT_TOTAL.matcher(String.valueOf(out));
            return m.find() ? Long.parseLong(m.group(2)) : -1;
        } catch (javax.management.JMException e) {
            return -1;
        }
    }

    /** Collects garbage so that a sample does not count objects (and the native memory they hold) already dead. */
    static void settle() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            System.runFinalization();
        }
    }
}
