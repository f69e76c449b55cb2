package dev.dicenet.aparapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without an OpenCL driver the backend is unavailable with a reason a user can act on, Backends picks
 * another one, and nothing throws (no UnsatisfiedLinkError at class loading). Each case runs in a
 * child JVM: the OpenCL ICD loader reads its driver list from OCL_ICD_VENDORS, here an empty folder.
 */
class MissingDriverTest {
    /** Where this JVM's OpenCL loader finds its drivers (the GPU check script may point it elsewhere). */
    private static final Path DRIVERS = Path.of(System.getenv().getOrDefault("OCL_ICD_VENDORS", "/etc/OpenCL/vendors"));

    private static String run(Path vendors, String... properties) throws IOException, InterruptedException {
        return run(vendors, true, properties);
    }

    private static String run(Path vendors, boolean chaining, String... properties)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(properties));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "dev.dicenet.aparapi.PrintAvailability", "300"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("OCL_ICD_VENDORS", vendors.toString());
        if (chaining) {
            pb.environment().put("LD_PRELOAD", Path.of(System.getProperty("java.home"), "lib", "libjsig.so").toString());
        } else {
            pb.environment().remove("LD_PRELOAD");
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertFalse(out.contains("UnsatisfiedLinkError"), out);
        assertTrue(out.contains("exiting normally"), out);
        return out;
    }

    @Test
    void noDriverMeansUnavailableAndAnotherBackendIsChosen(@TempDir Path empty) throws Exception {
        String out = run(empty);
        assertTrue(out.contains("aparapi (rank 50): unavailable: the OpenCL library loaded but found no platform"), out);
        assertTrue(out.contains("install the GPU vendor's OpenCL driver or POCL"), out);
        assertTrue(out.contains("backend reference chosen"), out);
    }

    @Test
    void aCollectorThatMovesLargeArraysMeansUnavailable() throws Exception {
        String out = run(DRIVERS, "-XX:+UseParallelGC");
        assertTrue(out.contains("aparapi (rank 50): unavailable: the garbage collector may move large arrays"), out);
    }

    @Test
    void anUnknownDeviceNameIsReported() throws Exception {
        String out = run(DRIVERS, "-Ddicenet.opencl.device=no-such-device");
        assertTrue(out.contains("aparapi (rank 50): unavailable: -Ddicenet.opencl.device=no-such-device names no OpenCL device"),
                out);
    }

    @Test
    void withoutSignalChainingTheDriverIsNeverLoaded() throws Exception {
        String out = run(DRIVERS, false);
        assertTrue(out.contains("aparapi (rank 50): unavailable: OpenCL drivers replace the JVM's signal handlers"), out);
        assertFalse(out.contains("Aparapi is running"), "the OpenCL driver must not have been loaded: " + out);
    }

    @Test
    void withSignalChainingTheJvmKeepsItsSignalHandlers() throws Exception {
        // -Xcheck:jni makes HotSpot check its handlers periodically and report any that were replaced
        String out = run(DRIVERS, true, "-Xcheck:jni");
        assertTrue(out.contains("aparapi (rank 50): available"), out);
        assertFalse(out.contains("handler modified"), "an OpenCL driver replaced the JVM's signal handlers: " + out);
    }
}
