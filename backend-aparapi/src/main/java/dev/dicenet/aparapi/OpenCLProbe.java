package dev.dicenet.aparapi;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import dev.dicenet.tensor.BackendProvider.Availability;
import java.util.List;

/** Availability of the OpenCL backend, computed once; the only path from the provider to Aparapi. */
final class OpenCLProbe {
    static final String NO_LIBRARY = "no OpenCL library or driver could be loaded (libOpenCL.so.1). Install an OpenCL"
            + " driver: the GPU vendor's, or POCL for the CPU (Debian/Ubuntu: apt-get install ocl-icd-libopencl1"
            + " pocl-opencl-icd)";

    private static volatile Result cached;

    /** What the probe found. */
    static final class Result {
        final Availability availability;
        final boolean gpu;

        Result(Availability availability, boolean gpu) {
            this.availability = availability;
            this.gpu = gpu;
        }
    }

    private OpenCLProbe() {
    }

    static Result result() {
        Result r = cached;
        if (r == null) {
            r = probe();
            cached = r;
        }
        return r;
    }

    private static Result probe() {
        String gc = UnmovableArrays.gcProblem();
        if (gc != null) {
            return new Result(Availability.unavailable(gc), false);
        }
        String signals = SignalChaining.problem();
        if (signals != null) { // checked before the driver is loaded: loading it would plant the crash
            return new Result(Availability.unavailable(signals), false);
        }
        if (!OpenCLDevices.libraryLoaded()) {
            return new Result(Availability.unavailable(NO_LIBRARY), false);
        }
        List<OpenCLDevice> all = OpenCLDevices.list();
        if (all.isEmpty()) {
            return new Result(Availability.unavailable("the OpenCL library loaded but found no platform or device"
                    + " (an ICD loader without a driver?): install the GPU vendor's OpenCL driver or POCL"), false);
        }
        OpenCLDevice chosen;
        try {
            chosen = OpenCLDevices.choose(all);
        } catch (IllegalArgumentException e) {
            return new Result(Availability.unavailable(e.getMessage()), false);
        }
        String listing = OpenCLDevices.describe(all, chosen);
        return new Result(Availability.available("OpenCL on " + Dispatcher.describe(chosen) + "; devices:\n"
                + listing.stripTrailing()), chosen.getType() == Device.TYPE.GPU);
    }
}
