package dev.dicenet.aparapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.device.OpenCLDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The arena keeps values across growth, refuses what the device cannot hold, and detects lost device data. */
class DeviceMemoryTest {
    private DeviceKernel kernel;
    private DeviceMemory memory;

    @BeforeEach
    void start() {
        SharedBackend.get(); // skips without OpenCL when allowed
        OpenCLDevice device = OpenCLDevices.choose(OpenCLDevices.list());
        kernel = new DeviceKernel();
        kernel.setExplicit(true);
        Dispatcher dispatcher = new Dispatcher(kernel, device);
        memory = new DeviceMemory(kernel, dispatcher, 256L << 20, device.isSharedMemory()); // a 256 MiB device
        memory.initialize();
    }

    @AfterEach
    void stop() {
        kernel.dispose();
    }

    @Test
    void valuesSurviveGrowthOfTheArena() {
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f;
        }
        int at = memory.allocate(values.length, "test");
        memory.upload(values, values.length, at);
        long before = memory.capacityBytes();
        int big = memory.allocate((int) (before / 4), "a tensor larger than the arena"); // forces growth
        assertTrue(memory.capacityBytes() > before);
        float[] back = new float[values.length];
        memory.download(at, values.length, back);
        assertArrayEquals(values, back);
        memory.release(big, (int) (before / 4));
    }

    @Test
    void aTensorLargerThanTheDeviceAllowsIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> memory.allocate(100_000_000, "a tensor of shape [100000000]"));
        assertTrue(e.getMessage().contains("out of device memory for a tensor of shape [100000000]")
                && e.getMessage().contains("at most 268435456 bytes"), e.getMessage());
    }

    @Test
    void deviceDataReplacedByTheHostCopyIsDetectedOnTheNextReadBack() {
        int at = memory.allocate(4, "test");
        memory.upload(new float[] {1, 2, 3, 4}, 4, at);
        float[] back = new float[4];
        memory.download(at, 4, back);
        assertEquals(3f, back[2]);
        // what Aparapi does when it re-creates a buffer after the Java array moved: the host copy goes up
        kernel.arena[0] = 0f;
        kernel.put(kernel.arena);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> memory.download(at, 4, back));
        assertTrue(e.getMessage().contains("device memory was lost"), e.getMessage());
    }
}
