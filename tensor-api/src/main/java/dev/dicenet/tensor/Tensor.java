package dev.dicenet.tensor;

import java.util.Arrays;

/**
 * A float32 tensor in row-major order (NCHW for images, NCDHW for volumes).
 *
 * <p>The host array is the storage of the CPU backends. A device backend may attach a
 * {@link DeviceCopy}; then {@link #data()} first brings the host array up to date and tells the
 * device copy that the host may change it, so data stays on the device between ops and is copied
 * back only when the host reads it.
 */
public final class Tensor {
    private final Shape shape;
    private final float[] data;
    private DeviceCopy device;

    /** Keeps a device copy of a tensor coherent with the host array. */
    public interface DeviceCopy {
        /** Make the host array current (copy device to host if the device copy is newer). */
        void refreshHost();

        /** The host array may be written: the device copy must be refreshed before its next use. */
        void hostMayChange();
    }

    private Tensor(Shape shape, float[] data) {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException(
                    "shape " + shape + " needs " + shape.size() + " values, got " + data.length);
        }
        this.shape = shape;
        this.data = data;
    }

    public static Tensor zeros(Shape shape) {
        return new Tensor(shape, new float[shape.size()]);
    }

    public static Tensor zeros(int... dims) {
        return zeros(Shape.of(dims));
    }

    /** A tensor over a copy of {@code values}. */
    public static Tensor of(Shape shape, float... values) {
        return new Tensor(shape, values.clone());
    }

    /** A tensor that uses {@code values} as its storage, without copying. */
    public static Tensor wrap(Shape shape, float[] values) {
        return new Tensor(shape, values);
    }

    public Shape shape() {
        return shape;
    }

    public int size() {
        return data.length;
    }

    /**
     * The host array, current and free to be written. With a device backend, a write counts only until
     * the tensor's next op: call {@code data()} again after an op rather than keeping the array, or the
     * device may keep using the values it had.
     */
    public float[] data() {
        if (device != null) {
            device.refreshHost();
            device.hostMayChange();
        }
        return data;
    }

    public float get(int index) {
        return data()[index];
    }

    public void set(int index, float value) {
        data()[index] = value;
    }

    /** A new host tensor with the same values. */
    public Tensor copy() {
        return new Tensor(shape, data().clone());
    }

    /** The host array without the coherence check: for the backend that owns the device copy. */
    public float[] hostArrayUnchecked() {
        return data;
    }

    public DeviceCopy deviceCopy() {
        return device;
    }

    public void attachDeviceCopy(DeviceCopy copy) {
        this.device = copy;
    }

    /** Throws unless every value is finite, naming {@code what}. */
    public void requireFinite(String what) {
        float[] d = data();
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                throw new IllegalArgumentException(what + ": value " + d[i] + " at index " + i
                        + " of a tensor of shape " + shape + "; expected finite values");
            }
        }
    }

    @Override
    public String toString() {
        float[] d = data();
        int shown = Math.min(d.length, 8);
        String head = Arrays.toString(Arrays.copyOf(d, shown));
        return "Tensor" + shape + (d.length > shown ? head.replace("]", ", ...]") : head);
    }
}
