package dev.dicenet.data;

import dev.dicenet.tensor.Shape;
import java.util.List;

/**
 * A labelled segmentation data set: images of one size [C, H, W] (or [C, D, H, W]) with a label
 * map each (class index per pixel, or {@link dev.dicenet.tensor.LabelMap#UNDEFINED}).
 * Implementations copy into caller-owned arrays so that training allocates nothing per batch.
 */
public interface SegmentationData {
    /** Number of labelled images. */
    int size();

    /** Per-image size, channels first. */
    Shape imageSize();

    /** Class names in label order (label k is classNames().get(k)). */
    List<String> classNames();

    /** Copies image {@code index} ([C, spatial...] flattened) into {@code dst} from {@code offset}. */
    void readImage(int index, float[] dst, int offset);

    /** Copies the labels of image {@code index} (spatial, flattened) into {@code dst} from {@code offset}. */
    void readLabels(int index, int[] dst, int offset);

    /** A human-readable name of an image (its file name, or its index). */
    default String describe(int index) {
        return "image " + index;
    }

    /** The images at the given positions, as a view. */
    default SegmentationData subset(int[] indices) {
        return new SubsetData(this, indices);
    }
}
