package dev.dicenet.aparapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.Range;
import com.aparapi.device.OpenCLDevice;
import org.junit.jupiter.api.Test;

/**
 * Aparapi's silent fallback to Java threads is caught after every execution: a kernel that cannot be
 * translated fails with the op, the device and Aparapi's reason; the shared backend itself runs every
 * op as OpenCL (this module's tests run with -Ddicenet.requireOpenCL=true, so any fallback fails them).
 */
class FallbackTest {
    private static OpenCLDevice device() {
        return OpenCLDevices.choose(OpenCLDevices.list());
    }

    @Test
    void theBackendRunsAsOpenCL() {
        AparapiBackend backend = SharedBackend.get();
        assertTrue(backend.runningOpenCL(), "the backend must run as OpenCL here: " + backend.deviceDescription());
        assertEquals("true", System.getProperty(FallbackPolicy.REQUIRE_PROPERTY),
                "the tests must run with -D" + FallbackPolicy.REQUIRE_PROPERTY + "=true");
    }

    @Test
    void aKernelThatFallsBackIsAnErrorNamingTheReason() {
        UnsupportedFeatureKernel kernel = new UnsupportedFeatureKernel();
        try {
            Range range = Range.create(device(), 64, 64);
            OpenCLFallbackException e = assertThrows(OpenCLFallbackException.class,
                    () -> Dispatcher.executeChecked(kernel, range, "probe", device(), new FallbackPolicy(), false));
            assertTrue(e.getMessage().contains("UnsupportedFeatureKernel") && e.getMessage().contains("'probe'")
                    && e.getMessage().contains("Java threads"), e.getMessage());
            assertTrue(e.getMessage().contains(FallbackPolicy.REQUIRE_PROPERTY), e.getMessage());
            assertTrue(e.getMessage().contains("objects inside kernels"), "Aparapi's reason: " + e.getMessage());
        } finally {
            kernel.dispose();
        }
    }

    @Test
    void anAllowedFallbackIsAcceptedOnlyBeforeDeviceDataExists() {
        String require = System.getProperty(FallbackPolicy.REQUIRE_PROPERTY);
        System.setProperty(FallbackPolicy.REQUIRE_PROPERTY, "false");
        System.setProperty(FallbackPolicy.ALLOW_PROPERTY, "true");
        try {
            FallbackPolicy accepting = new FallbackPolicy();
            accepting.onJavaExecution("K", "op", "dev", "reason", false);
            assertTrue(accepting.javaMode(), "accepted at the start: Java mode from then on");
            accepting.onJavaExecution("K", "op", "dev", "reason", true); // already Java: fine
            OpenCLFallbackException late = assertThrows(OpenCLFallbackException.class,
                    () -> new FallbackPolicy().onJavaExecution("K", "op", "dev", "reason", true));
            assertTrue(late.getMessage().contains("lost"), late.getMessage());
            System.setProperty(FallbackPolicy.ALLOW_PROPERTY, "false");
            OpenCLFallbackException refused = assertThrows(OpenCLFallbackException.class,
                    () -> new FallbackPolicy().onJavaExecution("K", "op", "dev", "reason", false));
            assertTrue(refused.getMessage().contains(FallbackPolicy.ALLOW_PROPERTY), refused.getMessage());
        } finally {
            System.setProperty(FallbackPolicy.REQUIRE_PROPERTY, require == null ? "" : require);
            System.clearProperty(FallbackPolicy.ALLOW_PROPERTY);
        }
    }
}
