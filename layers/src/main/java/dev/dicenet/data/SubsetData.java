package dev.dicenet.data;

import dev.dicenet.tensor.Shape;
import java.util.List;

/** A view of some images of another data set, e.g. a held-out split. */
final class SubsetData implements SegmentationData {
    private final SegmentationData source;
    private final int[] indices;

    SubsetData(SegmentationData source, int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= source.size()) {
                throw new IllegalArgumentException("subset index " + i + " outside 0.." + (source.size() - 1));
            }
        }
        this.source = source;
        this.indices = indices.clone();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Shape imageSize() {
        return source.imageSize();
    }

    @Override
    public List<String> classNames() {
        return source.classNames();
    }

    @Override
    public void readImage(int index, float[] dst, int offset) {
        source.readImage(indices[index], dst, offset);
    }

    @Override
    public void readLabels(int index, int[] dst, int offset) {
        source.readLabels(indices[index], dst, offset);
    }

    @Override
    public String describe(int index) {
        return source.describe(indices[index]);
    }
}
