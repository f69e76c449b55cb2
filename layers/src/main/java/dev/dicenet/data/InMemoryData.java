package dev.dicenet.data;

import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/** Images and label maps held in memory as float and int arrays; checked when added. */
public final class InMemoryData implements SegmentationData {
    private final List<String> classNames;
    private final Shape imageSize;
    private final List<float[]> images = new ArrayList<>();
    private final List<int[]> labels = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    public InMemoryData(List<String> classNames, Shape imageSize) {
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("a segmentation data set needs at least two classes, got " + classNames);
        }
        if (imageSize.rank() != 3 && imageSize.rank() != 4) {
            throw new IllegalArgumentException("image size must be [C H W] or [C D H W], got " + imageSize);
        }
        this.classNames = List.copyOf(classNames);
        this.imageSize = imageSize;
    }

    /** Adds an image [C, spatial...] and its labels [spatial...]; the arrays are kept, not copied. */
    public InMemoryData add(String name, float[] image, int[] labelMap) {
        int spatial = imageSize.sizeFrom(1);
        if (image.length != imageSize.size()) {
            throw new IllegalArgumentException(name + ": image has " + image.length + " values, expected "
                    + imageSize.size() + " for size " + imageSize);
        }
        if (labelMap.length != spatial) {
            throw new IllegalArgumentException(name + ": label map has " + labelMap.length + " labels, expected "
                    + spatial + " for image size " + imageSize);
        }
        for (int i = 0; i < labelMap.length; i++) {
            int l = labelMap[i];
            if (l != LabelMap.UNDEFINED && (l < 0 || l >= classNames.size())) {
                throw new IllegalArgumentException(name + ": label " + l + " at pixel " + i + " is out of range; expected 0.."
                        + (classNames.size() - 1) + " or " + LabelMap.UNDEFINED + " (undefined)");
            }
        }
        images.add(image);
        labels.add(labelMap);
        names.add(name);
        return this;
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public Shape imageSize() {
        return imageSize;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public void readImage(int index, float[] dst, int offset) {
        float[] src = images.get(index);
        System.arraycopy(src, 0, dst, offset, src.length);
    }

    @Override
    public void readLabels(int index, int[] dst, int offset) {
        int[] src = labels.get(index);
        System.arraycopy(src, 0, dst, offset, src.length);
    }

    @Override
    public String describe(int index) {
        return names.get(index);
    }
}
