package dev.dicenet.aparapi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * OpenCL drivers replace the JVM's signal handlers when they load: POCL installs its own SIGFPE handler
 * and its LLVM a crash handler for SIGSEGV, SIGBUS, SIGILL and others (seen with -Xcheck:jni). HotSpot
 * relies on SIGSEGV for implicit null checks, so the JVM then dies (exit 139, no error report) the next
 * time compiled code meets a null, in any thread, whatever backend is running. The JDK's remedy is
 * signal chaining: libjsig, preloaded, keeps the JVM's handlers first and calls the driver's after. On
 * Linux the OpenCL backend is available only when libjsig is loaded, so that probing it cannot plant the
 * crash; the dicenet launcher, the build's test runs and the scripts preload it.
 */
final class SignalChaining {
    private SignalChaining() {
    }

    /** Why loading an OpenCL driver here is unsafe, or null if it is not. */
    static String problem() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null; // other systems: not checked (see the README)
        }
        try {
            if (Files.readString(Path.of("/proc/self/maps")).contains("libjsig")) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null; // cannot tell
        }
        return "OpenCL drivers replace the JVM's signal handlers, which makes the JVM crash later; start it with"
                + " signal chaining: LD_PRELOAD=" + Path.of(System.getProperty("java.home"), "lib", "libjsig.so")
                + " (the dicenet launcher and the build's tests do)";
    }
}
