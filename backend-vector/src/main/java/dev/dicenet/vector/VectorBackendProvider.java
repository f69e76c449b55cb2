package dev.dicenet.vector;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.BackendProvider;
import java.lang.management.ManagementFactory;

/**
 * Registers the {@link VectorBackend}. This class never touches jdk.incubator.vector itself, so it
 * loads in any JVM and reports why the backend cannot run: the module is missing (start the JVM with
 * {@code --add-modules jdk.incubator.vector}), HotSpot's C2 compiler is not in use (vector code is
 * slow in the interpreter, C1, Graal's JIT or OpenJ9), or {@code -Ddicenet.vector.disable=true}
 * forces the scalar path (the reference backend).
 */
public final class VectorBackendProvider implements BackendProvider {
    public static final String DISABLE_PROPERTY = "dicenet.vector.disable";

    @Override
    public String name() {
        return VectorBackend.NAME;
    }

    @Override
    public int rank() {
        return 100;
    }

    @Override
    public Availability availability() {
        if (Boolean.getBoolean(DISABLE_PROPERTY)) {
            return Availability.unavailable("disabled by -D" + DISABLE_PROPERTY + "=true (the scalar path is forced)");
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return Availability.unavailable("start the JVM with --add-modules jdk.incubator.vector");
        }
        String compiler = c2Problem();
        if (compiler != null) {
            return Availability.unavailable(compiler + "; the Vector API is only fast under HotSpot's C2 compiler");
        }
        return Availability.available(VectorShape.describe() + ", " + VectorBackend.defaultThreads() + " threads");
    }

    @Override
    public Backend create() {
        return new VectorBackend(VectorBackend.defaultThreads());
    }

    /** Why C2 is not compiling this JVM's code, or null if it is. */
    static String c2Problem() {
        String vm = System.getProperty("java.vm.name", "");
        if (!vm.contains("HotSpot") && !vm.contains("OpenJDK")) {
            return "JVM '" + vm + "' is not HotSpot";
        }
        try {
            var diag = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (!Boolean.parseBoolean(diag.getVMOption("UseCompiler").getValue())) {
                return "the JIT compiler is off (-Xint)";
            }
            if (Boolean.parseBoolean(diag.getVMOption("TieredCompilation").getValue())
                    && Integer.parseInt(diag.getVMOption("TieredStopAtLevel").getValue()) < 4) {
                return "tiered compilation stops before C2 (-XX:TieredStopAtLevel < 4)";
            }
            try {
                if (Boolean.parseBoolean(diag.getVMOption("UseJVMCICompiler").getValue())) {
                    return "a JVMCI compiler (Graal) replaces C2";
                }
            } catch (IllegalArgumentException noJvmci) {
                // this VM has no JVMCI: fine
            }
        } catch (RuntimeException | LinkageError e) {
            return null; // cannot tell; HotSpot by name, assume C2
        }
        return null;
    }
}
