package dev.dicenet.aparapi;

import dev.dicenet.tensor.Tensor;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Which tensors have a device copy, and which side holds their current values. An op asks for its
 * inputs with {@link #in} (uploaded only if the host changed them), its outputs with {@link #out} and
 * reports them {@link #wrote}; the host's {@link Tensor#data()} downloads a tensor only when the device
 * copy is newer. A region is freed when its tensor is collected (a {@link Cleaner}), released, or the
 * backend closes. All methods run under {@code lock}, the backend's monitor.
 */
final class Residency {
    /** One cleaner thread for every backend: frees regions of collected tensors and kernels of dropped backends. */
    static final Cleaner CLEANER = Cleaner.create();

    final Object lock;
    private final DeviceMemory memory;
    private final Map<DeviceTensor, Boolean> live = new IdentityHashMap<>();
    private boolean closed;
    private long uploads;
    private long downloads;

    Residency(Object lock, DeviceMemory memory) {
        this.lock = lock;
        this.memory = memory;
    }

    /** The tensor's device copy, created (with a region, not yet uploaded) on first use. */
    DeviceTensor attach(Tensor t) {
        if (closed) {
            throw new IllegalStateException("aparapi backend is closed");
        }
        Tensor.DeviceCopy existing = t.deviceCopy();
        if (existing instanceof DeviceTensor && ((DeviceTensor) existing).owner == this
                && !((DeviceTensor) existing).released) {
            return (DeviceTensor) existing;
        }
        if (existing != null) { // another device's copy: bring the values home and let it go
            t.data();
            if (existing instanceof DeviceTensor) {
                ((DeviceTensor) existing).owner.release(t);
            }
        }
        float[] host = t.hostArrayUnchecked();
        DeviceTensor d = new DeviceTensor(this, host, memory.allocate(host.length, "a tensor of shape " + t.shape()));
        t.attachDeviceCopy(d);
        live.put(d, Boolean.TRUE);
        CLEANER.register(t, new Reclaim(d));
        return d;
    }

    /** The tensor's region, with current values on the device. */
    DeviceTensor in(Tensor t) {
        DeviceTensor d = attach(t);
        if (!d.deviceCurrent) {
            memory.upload(d.host, d.length, d.offset);
            d.deviceCurrent = true;
            uploads++;
        }
        return d;
    }

    /** The tensor's region, to be overwritten entirely by the op. */
    DeviceTensor out(Tensor t) {
        return attach(t);
    }

    /** The op wrote the tensor's region: the host copy is stale. */
    static void wrote(DeviceTensor d) {
        d.deviceCurrent = true;
        d.hostCurrent = false;
    }

    /** Device values to the host array (called by {@link DeviceTensor#refreshHost()}). */
    void download(DeviceTensor d) {
        memory.download(d.offset, d.length, d.host);
        downloads++;
    }

    /** Copies the tensor's device values to the host if newer, then frees its region. */
    void release(Tensor t) {
        synchronized (lock) {
            Tensor.DeviceCopy c = t.deviceCopy();
            if (c instanceof DeviceTensor && ((DeviceTensor) c).owner == this) {
                DeviceTensor d = (DeviceTensor) c;
                d.refreshHost();
                free(d);
                t.attachDeviceCopy(null);
            }
        }
    }

    private void free(DeviceTensor d) {
        synchronized (lock) {
            if (!d.released) {
                d.released = true;
                live.remove(d);
                if (!closed) {
                    memory.release(d.offset, d.length);
                }
            }
        }
    }

    /** Every newer device value to the host; afterwards no tensor refers to the device. */
    void close() {
        for (DeviceTensor d : new ArrayList<>(live.keySet())) {
            d.refreshHost();
            d.released = true;
        }
        live.clear();
        closed = true;
    }

    int liveTensors() {
        return live.size();
    }

    long uploads() {
        return uploads;
    }

    long downloads() {
        return downloads;
    }

    /** Runs on the cleaner thread when a tensor is collected: its region is reusable. */
    private static final class Reclaim implements Runnable {
        private final DeviceTensor d;

        Reclaim(DeviceTensor d) {
            this.d = d;
        }

        @Override
        public void run() {
            d.owner.free(d);
        }
    }
}
