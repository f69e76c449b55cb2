package dev.dicenet.aparapi;

import java.util.Arrays;

/**
 * The device arena: one float buffer that holds every tensor, carved into regions by a
 * {@link RegionAllocator}, grown by doubling when full. Host transfers go through staging
 * buffers (Aparapi moves whole arrays, so a small one serves small tensors) and every read-back
 * checks the canary at arena[0], which only the device holds: if Aparapi ever re-created the arena
 * from the stale host mirror (it does so when it sees the Java array move, which
 * {@link UnmovableArrays} prevents), the read fails loudly.
 */
final class DeviceMemory {
    /** Transfers up to this many values use the small staging buffer. */
    static final int SMALL = 1 << 16;
    private static final int RESERVED = RegionAllocator.ALIGN; // arena[0] is the canary
    /** 16 MiB to start with (at least {@link UnmovableArrays}' size). */
    private static final int INITIAL = 1 << 22;

    private final DeviceKernel kernel;
    private final Dispatcher dispatcher;
    private final long maxFloats;
    private final RegionAllocator regions;
    private final boolean sharedMemory;
    private long bytesToDevice;
    private long bytesToHost;

    /**
     * The arena and the partial sums hold data only the device has between executions: they are always
     * unmovable. The transfer buffers need to be only on a device that shares host memory (a CPU, an
     * integrated GPU), where Aparapi reads back from the address the buffer was created at; on a discrete
     * GPU they stay small, so that a loss value does not move megabytes.
     */
    DeviceMemory(DeviceKernel kernel, Dispatcher dispatcher, long maxAllocBytes, boolean sharedMemory) {
        this.kernel = kernel;
        this.dispatcher = dispatcher;
        this.sharedMemory = sharedMemory;
        kernel.stagingSmall = new float[transferFloats(SMALL + 1)];
        kernel.stagingLarge = new float[transferFloats(1)];
        kernel.results = new double[transferDoubles(2)];
        kernel.partials = new double[UnmovableArrays.doubles(1)];
        int initial = UnmovableArrays.floats(INITIAL);
        this.maxFloats = Math.min(Integer.MAX_VALUE - 64L, Math.max(initial, maxAllocBytes / 4));
        kernel.arena = new float[initial];
        regions = new RegionAllocator(RESERVED, initial);
    }

    /** Writes the canary on the device (the first execution, which also compiles the kernel). */
    void initialize() {
        kernel.dst = 0;
        kernel.alpha = DeviceKernel.CANARY;
        kernel.op = DeviceKernel.FILL;
        dispatcher.execute("initialize", 1);
    }

    /** The offset of a new region of at least {@code n} floats. */
    int allocate(int n, String what) {
        int off = regions.allocate(n);
        if (off < 0) {
            grow(RegionAllocator.align(n), what);
            off = regions.allocate(n);
        }
        return off;
    }

    void release(int offset, int n) {
        regions.release(offset, n);
    }

    /** Doubles the arena (at least), keeping its contents: device to host mirror, then into the new buffer. */
    private void grow(int needed, String what) {
        int old = kernel.arena.length;
        long wanted = Math.max(2L * old, (long) old + needed);
        if (wanted > maxFloats) {
            wanted = Math.max(maxFloats, 0);
            if (wanted < (long) old + needed) {
                throw new IllegalStateException("aparapi backend: out of device memory for " + what + ": needs "
                        + (4L * needed) + " bytes, the arena holds " + (4L * old) + " bytes of which "
                        + (4L * regions.inUse()) + " in use (largest free region " + (4L * regions.largestFree())
                        + " bytes), and the device allows one buffer of at most " + (4L * maxFloats) + " bytes");
            }
        }
        kernel.get(kernel.arena); // the device's current values into the mirror (no-op when running as Java)
        bytesToHost += 4L * old;
        float[] bigger = Arrays.copyOf(kernel.arena, (int) wanted);
        kernel.arena = bigger;
        kernel.put(bigger);
        bytesToDevice += 4L * wanted;
        regions.grow((int) wanted);
    }

    /** host[0..n) to arena[dst..dst+n). */
    void upload(float[] host, int n, int dst) {
        float[] staging = staging(n);
        System.arraycopy(host, 0, staging, 0, n);
        transferIn(staging, n, dst);
    }

    /** Labels as floats (exact below 2^24; -1 undefined) to arena[dst..). */
    void uploadLabels(int[] labels, int dst) {
        int n = labels.length;
        float[] staging = staging(n);
        for (int i = 0; i < n; i++) {
            staging[i] = labels[i];
        }
        transferIn(staging, n, dst);
    }

    private void transferIn(float[] staging, int n, int dst) {
        kernel.put(staging);
        bytesToDevice += 4L * staging.length;
        kernel.useLarge = staging == kernel.stagingSmall ? 0 : 1;
        kernel.dst = dst;
        kernel.op = DeviceKernel.UPLOAD;
        dispatcher.execute("upload", n);
        dispatcher.deviceDataCreated();
    }

    /** arena[src..src+n) to host[0..n). */
    void download(int src, int n, float[] host) {
        System.arraycopy(fetch(src, n, "download"), 0, host, 0, n);
    }

    /** Labels from arena floats to an int array (argmax). */
    void downloadLabels(int src, int[] labels) {
        float[] staging = fetch(src, labels.length, "download labels");
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (int) staging[i];
        }
    }

    /** arena[src..src+n) into a staging buffer on the host, canary checked; the buffer is returned. */
    private float[] fetch(int src, int n, String op) {
        float[] staging = staging(n);
        kernel.useLarge = staging == kernel.stagingSmall ? 0 : 1;
        kernel.src = src;
        kernel.stagingCanary = staging.length - 1;
        kernel.op = DeviceKernel.DOWNLOAD;
        dispatcher.execute(op, n);
        kernel.get(staging);
        bytesToHost += 4L * staging.length;
        checkCanary(staging[staging.length - 1], op);
        return staging;
    }

    private float[] staging(int n) {
        if (n <= SMALL) {
            return kernel.stagingSmall;
        }
        if (kernel.stagingLarge.length < n + 1) {
            kernel.stagingLarge = new float[transferFloats(n + 1)];
        }
        return kernel.stagingLarge;
    }

    /** The results array with at least {@code slots} slots before its canary slot. */
    double[] results(int slots) {
        if (kernel.results.length < slots + 1) {
            kernel.results = new double[transferDoubles(slots + 1)];
        }
        kernel.resultsCanary = kernel.results.length - 1;
        return kernel.results;
    }

    /** Device-only partial sums: at least {@code n}. */
    void partials(int n) {
        if (kernel.partials.length < n) {
            kernel.partials = new double[UnmovableArrays.doubles(n)];
        }
    }

    /** After a reduction: the results to the host, checked. */
    double[] readResults(String op) {
        kernel.get(kernel.results);
        bytesToHost += 8L * kernel.results.length;
        checkCanary(kernel.results[kernel.resultsCanary], op);
        return kernel.results;
    }

    /** Host-written results (coefficients, weights) to the device before the next execution. */
    void writeResults() {
        kernel.put(kernel.results);
        bytesToDevice += 8L * kernel.results.length;
    }

    private void checkCanary(double value, String op) {
        if (value != DeviceKernel.CANARY) {
            throw new IllegalStateException("aparapi backend: device memory was lost before '" + op
                    + "' (the arena's canary reads " + value + "): Aparapi re-created the device buffer from the host"
                    + " mirror, which happens when the JVM moves the Java array (run with G1, the default, or ZGC)");
        }
    }

    private int transferFloats(int n) {
        return sharedMemory ? UnmovableArrays.floats(n) : n;
    }

    private int transferDoubles(int n) {
        return sharedMemory ? UnmovableArrays.doubles(n) : n;
    }

    long capacityBytes() {
        return 4L * kernel.arena.length;
    }

    long inUseBytes() {
        return 4L * regions.inUse();
    }

    long bytesToDevice() {
        return bytesToDevice;
    }

    long bytesToHost() {
        return bytesToHost;
    }
}
