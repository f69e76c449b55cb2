package dev.dicenet.tensor;

import java.util.Arrays;

/**
 * The dimensions of a tensor, outermost first (row-major). Images are NCHW, volumes NCDHW.
 * Immutable; every dimension is at least 1.
 */
public final class Shape {
    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        if (dims.length == 0) {
            throw new IllegalArgumentException("a shape needs at least one dimension");
        }
        long product = 1;
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("every dimension must be >= 1, got " + Arrays.toString(dims));
            }
            product *= d;
            if (product > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than 2^31 elements");
            }
        }
        this.dims = dims;
        this.size = (int) product;
    }

    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int axis) {
        return dims[axis];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Product of the dimensions from {@code fromAxis} on (the spatial size of NCHW from axis 2). */
    public int sizeFrom(int fromAxis) {
        int p = 1;
        for (int i = fromAxis; i < dims.length; i++) {
            p *= dims[i];
        }
        return p;
    }

    /** This shape with dimension {@code axis} replaced. */
    public Shape withDim(int axis, int value) {
        int[] d = dims.clone();
        d[axis] = value;
        return new Shape(d);
    }

    /** This shape with a batch dimension of size {@code n} in front: [n, dims...]. */
    public Shape withBatch(int n) {
        int[] d = new int[dims.length + 1];
        d[0] = n;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return new Shape(d);
    }

    /** The shape without its first dimension (one observation of a batch). */
    public Shape dropFirst() {
        return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
    }

    /** Throws, naming {@code what}, unless {@code actual} equals this shape. */
    public void requireEqual(Shape actual, String what) {
        if (!equals(actual)) {
            throw new IllegalArgumentException(what + ": expected shape " + this + ", got " + actual);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** For example {@code [8x3x480x640]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(dims[i]);
        }
        return sb.append(']').toString();
    }
}
