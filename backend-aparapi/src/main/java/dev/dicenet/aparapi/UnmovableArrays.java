package dev.dicenet.aparapi;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Sizes that keep the kernel's arrays where they are. Aparapi binds each Java array to an OpenCL
 * buffer by address; if the garbage collector moves the array between two executions, Aparapi
 * re-creates the buffer from the host copy (a discrete GPU then loses what only the device held) or,
 * on a shared-memory device such as POCL, reads back from the old address. G1 never moves humongous
 * objects (at least half a region) and ZGC never relocates large objects (over 4 MiB), so every array
 * the kernel uses is allocated at least that large. Other collectors move large arrays: the backend is
 * unavailable under them.
 */
final class UnmovableArrays {
    private static final long ZGC_LARGE = 4L << 20;
    private static final long BYTES = threshold();

    private UnmovableArrays() {
    }

    /** Why this JVM's collector may move the arrays, or null if it does not. */
    static String gcProblem() {
        return BYTES > 0 ? null : "the garbage collector may move large arrays under Aparapi's buffers; run with G1"
                + " (the default) or ZGC, not " + collectorName();
    }

    /** The least length of a float array that is never moved. */
    static int floats(int wanted) {
        return (int) Math.max(wanted, BYTES / 4 + 16);
    }

    /** The least length of a double array that is never moved. */
    static int doubles(int wanted) {
        return (int) Math.max(wanted, BYTES / 8 + 16);
    }

    private static long threshold() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (flag(vm, "UseG1GC")) {
                return Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue()) / 2 + 64;
            }
            if (flag(vm, "UseZGC")) {
                return ZGC_LARGE + 64;
            }
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
        return -1;
    }

    private static boolean flag(HotSpotDiagnosticMXBean vm, String name) {
        return Boolean.parseBoolean(vm.getVMOption(name).getValue());
    }

    private static String collectorName() {
        StringBuilder sb = new StringBuilder();
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(gc.getName());
        }
        return sb.toString();
    }
}
