package dev.dicenet.aparapi;

import com.aparapi.Kernel;
import com.aparapi.Range;
import com.aparapi.device.OpenCLDevice;
import java.util.HashMap;
import java.util.Map;

/**
 * Executes the kernel on the chosen device with one fixed work-group size (ranges padded to it, so
 * the OpenCL program is compiled once, never per shape) and checks after every execution that it
 * really ran as OpenCL ({@link FallbackPolicy}).
 */
final class Dispatcher {
    static final int GROUP = 64;

    private final DeviceKernel kernel;
    private final OpenCLDevice device;
    private final FallbackPolicy policy = new FallbackPolicy();
    private final Map<Integer, Range> ranges = new HashMap<>();
    private long executions;
    private boolean deviceDataExists;

    Dispatcher(DeviceKernel kernel, OpenCLDevice device) {
        this.kernel = kernel;
        this.device = device;
    }

    /**
     * Runs the op the caller set in the kernel's fields on {@code items} work items (padded to whole
     * groups); {@code op} names it in errors.
     */
    void execute(String op, int items) {
        kernel.items = items;
        int global = Math.max(GROUP, (items + GROUP - 1) / GROUP * GROUP);
        Range range = ranges.get(global);
        if (range == null) {
            range = Range.create(device, global, GROUP);
            ranges.put(global, range);
        }
        executeChecked(kernel, range, op, device, policy, deviceDataExists);
        executions++;
    }

    /**
     * Executes any kernel and then checks that it ran as OpenCL, as {@link FallbackPolicy} says: the
     * one place where Aparapi's silent fallback to Java threads is caught.
     */
    static void executeChecked(Kernel kernel, Range range, String op, OpenCLDevice device, FallbackPolicy policy,
                               boolean deviceDataExists) {
        AparapiLog.clear();
        try {
            kernel.execute(range);
        } catch (AssertionError e) { // Aparapi's own asserts (under -ea) trip after a failed compile
            policy.onJavaExecution(kernel.getClass().getSimpleName(), op, describe(device),
                    AparapiLog.lastProblem() + "; then " + e.getMessage(), deviceDataExists);
            throw e;
        }
        if (!kernel.isRunningCL()) {
            policy.onJavaExecution(kernel.getClass().getSimpleName(), op, describe(device), AparapiLog.lastProblem(),
                    deviceDataExists);
        }
    }

    /** From now on a fallback would lose data. */
    void deviceDataCreated() {
        deviceDataExists = true;
    }

    boolean runningOpenCL() {
        return !policy.javaMode() && kernel.isRunningCL();
    }

    long executions() {
        return executions;
    }

    static String describe(OpenCLDevice d) {
        return d.getName().trim() + " (" + d.getType() + ", " + d.getOpenCLPlatform().getName().trim() + ")";
    }
}
