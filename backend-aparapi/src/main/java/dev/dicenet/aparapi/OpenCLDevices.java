package dev.dicenet.aparapi;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLLoader;
import com.aparapi.internal.opencl.OpenCLPlatform;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The OpenCL platforms and devices Aparapi finds, and the choice among them: the device named by
 * {@value #DEVICE_PROPERTY} (an index in {@link #list()}'s order, a type {@code gpu}/{@code cpu}/
 * {@code acc}, or part of a device name), else the GPU with the most compute units, else a CPU
 * OpenCL device (POCL), else an accelerator. Touching this class loads Aparapi's native library:
 * only call it from inside a try that catches {@link LinkageError}.
 */
final class OpenCLDevices {
    static final String DEVICE_PROPERTY = "dicenet.opencl.device";
    /**
     * Makes Aparapi treat every device as having memory of its own (buffers created as copies, not over
     * the Java arrays), as a discrete GPU has. On POCL, buffers otherwise are the Java arrays, so a
     * missing upload or read-back goes unnoticed; with this, the test suite catches it without a GPU.
     */
    static final String SIMULATE_DISCRETE_PROPERTY = "dicenet.opencl.simulateDiscreteMemory";

    private OpenCLDevices() {
    }

    static boolean libraryLoaded() {
        return OpenCLLoader.isOpenCLAvailable();
    }

    /** Every device of every platform, in platform order. */
    static List<OpenCLDevice> list() {
        List<OpenCLDevice> all = new ArrayList<>();
        if (!libraryLoaded()) {
            return all;
        }
        for (OpenCLPlatform p : OpenCLPlatform.getUncachedOpenCLPlatforms()) {
            all.addAll(p.getOpenCLDevices());
        }
        if (Boolean.getBoolean(SIMULATE_DISCRETE_PROPERTY)) {
            for (OpenCLDevice d : all) {
                d.setSharedMemory(false);
            }
        }
        return all;
    }

    /** The device to use, or null when there is none; throws when the property names no device. */
    static OpenCLDevice choose(List<OpenCLDevice> all) {
        String wanted = System.getProperty(DEVICE_PROPERTY, "").trim();
        if (!wanted.isEmpty()) {
            return named(all, wanted);
        }
        return all.stream().min(Comparator.comparingInt(OpenCLDevices::typeOrder)
                .thenComparing(Comparator.comparingInt(OpenCLDevice::getMaxComputeUnits).reversed())).orElse(null);
    }

    private static OpenCLDevice named(List<OpenCLDevice> all, String wanted) {
        if (wanted.chars().allMatch(Character::isDigit)) {
            int i = Integer.parseInt(wanted);
            if (i < all.size()) {
                return all.get(i);
            }
        } else {
            for (OpenCLDevice d : all) {
                if (d.getType().name().equalsIgnoreCase(wanted)
                        || d.getName().toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT))) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("-D" + DEVICE_PROPERTY + "=" + wanted + " names no OpenCL device; found:\n"
                + describe(all, null));
    }

    private static int typeOrder(OpenCLDevice d) {
        Device.TYPE t = d.getType();
        return t == Device.TYPE.GPU ? 0 : t == Device.TYPE.CPU ? 1 : 2;
    }

    /** One line per device: index, platform, name, type, compute units, memory; the chosen one marked. */
    static String describe(List<OpenCLDevice> all, OpenCLDevice chosen) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            OpenCLDevice d = all.get(i);
            sb.append(String.format(Locale.ROOT, "%s[%d] %s: %s (%s, %d compute units, %d MiB global, %d MiB max buffer)%n",
                    d == chosen ? "* " : "  ", i, d.getOpenCLPlatform().getName().trim(), d.getName().trim(),
                    d.getType(), d.getMaxComputeUnits(), d.getGlobalMemSize() >> 20, d.getMaxMemAllocSize() >> 20));
        }
        return sb.toString();
    }
}
