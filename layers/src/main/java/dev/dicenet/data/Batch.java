package dev.dicenet.data;

import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;

/** A reusable mini-batch: images [N, C, ...] and labels [N, ...], filled from a data set by index. */
public final class Batch {
    private final Tensor images;
    private final LabelMap labels;
    private final int imageLength;
    private final int labelLength;

    public Batch(int size, Shape imageSize) {
        images = Tensor.zeros(imageSize.withBatch(size));
        int[] l = new int[imageSize.rank()];
        l[0] = size;
        System.arraycopy(imageSize.dims(), 1, l, 1, imageSize.rank() - 1);
        labels = LabelMap.zeros(Shape.of(l));
        imageLength = imageSize.size();
        labelLength = imageSize.sizeFrom(1);
    }

    public int size() {
        return images.shape().dim(0);
    }

    /** Loads the images order[from], order[from+1], ... into this batch. */
    public Batch load(SegmentationData data, int[] order, int from) {
        if (!data.imageSize().equals(images.shape().dropFirst())) {
            throw new IllegalArgumentException("data set images have size " + data.imageSize()
                    + " but the batch holds " + images.shape().dropFirst());
        }
        float[] x = images.data();
        int[] t = labels.labels();
        for (int i = 0; i < size(); i++) {
            data.readImage(order[from + i], x, i * imageLength);
            data.readLabels(order[from + i], t, i * labelLength);
        }
        return this;
    }

    public Tensor images() {
        return images;
    }

    public LabelMap labels() {
        return labels;
    }
}
