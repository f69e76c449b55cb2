package dev.dicenet.aparapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.device.OpenCLDevice;
import org.junit.jupiter.api.Test;

/**
 * Run only by the build's discrete-device-memory execution: proves that the simulation is in effect,
 * i.e. that the device works on its own copy and the Java array stays untouched until read back, so
 * the other tests of that execution really exercise every upload and read-back.
 */
class DiscreteMemorySimulationCheck {
    @Test
    void theDeviceWorksOnItsOwnCopy() {
        assertTrue(Boolean.getBoolean(OpenCLDevices.SIMULATE_DISCRETE_PROPERTY), "run with the simulation on");
        SharedBackend.get();
        OpenCLDevice device = OpenCLDevices.choose(OpenCLDevices.list());
        DeviceKernel kernel = new DeviceKernel();
        kernel.setExplicit(true);
        try {
            DeviceMemory memory = new DeviceMemory(kernel, new Dispatcher(kernel, device), 256L << 20,
                    device.isSharedMemory());
            memory.initialize();
            int at = memory.allocate(4, "test");
            memory.upload(new float[] {1, 2, 3, 4}, 4, at);
            assertEquals(0f, kernel.arena[at], "the Java array must not be the device buffer");
            float[] back = new float[4];
            memory.download(at, 4, back);
            assertArrayEquals(new float[] {1, 2, 3, 4}, back);
        } finally {
            kernel.dispose();
        }
    }
}
