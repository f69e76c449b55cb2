package dev.dicenet.tensor;

/**
 * Integer class labels per pixel or voxel: shape [N, H, W] or [N, D, H, W]. A label is a class
 * index 0..K-1 or {@link #UNDEFINED}, which every loss and metric ignores.
 */
public final class LabelMap {
    /** The value of an undefined (void, unlabelled) element. */
    public static final int UNDEFINED = -1;

    private final Shape shape;
    private final int[] labels;

    private LabelMap(Shape shape, int[] labels) {
        if (labels.length != shape.size()) {
            throw new IllegalArgumentException(
                    "label map shape " + shape + " needs " + shape.size() + " labels, got " + labels.length);
        }
        this.shape = shape;
        this.labels = labels;
    }

    public static LabelMap zeros(Shape shape) {
        return new LabelMap(shape, new int[shape.size()]);
    }

    /** A label map over {@code labels}, without copying. */
    public static LabelMap wrap(Shape shape, int[] labels) {
        return new LabelMap(shape, labels);
    }

    public static LabelMap of(Shape shape, int... labels) {
        return new LabelMap(shape, labels.clone());
    }

    public Shape shape() {
        return shape;
    }

    public int[] labels() {
        return labels;
    }

    public int get(int index) {
        return labels[index];
    }

    /** Elements per observation. */
    public int spatialSize() {
        return shape.sizeFrom(1);
    }

    /**
     * Throws unless this label map fits scores of shape {@code scores} (same N and spatial size)
     * and every label is UNDEFINED or in 0..numClasses-1; {@code who} names the caller.
     */
    public void requireCompatible(Shape scores, String who) {
        boolean fits = scores.rank() == shape.rank() + 1 && scores.dim(0) == shape.dim(0);
        for (int i = 1; fits && i < shape.rank(); i++) {
            fits = shape.dim(i) == scores.dim(i + 1);
        }
        if (!fits) {
            throw new IllegalArgumentException(who + ": label map of shape " + shape
                    + " does not fit scores of shape " + scores + " (expected N and spatial sizes to match)");
        }
        int k = scores.dim(1);
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l != UNDEFINED && (l < 0 || l >= k)) {
                throw new IllegalArgumentException(who + ": label " + l + " at index " + i
                        + " is out of range; expected 0.." + (k - 1) + " or " + UNDEFINED + " (undefined)");
            }
        }
    }
}
