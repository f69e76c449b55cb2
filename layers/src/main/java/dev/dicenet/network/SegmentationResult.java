package dev.dicenet.network;

import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.Tensor;

/** What semanticseg returns: the class of every pixel or voxel [N, ...] and the scores [N, K, ...]. */
public final class SegmentationResult {
    private final LabelMap labels;
    private final Tensor scores;

    public SegmentationResult(LabelMap labels, Tensor scores) {
        this.labels = labels;
        this.scores = scores;
    }

    public LabelMap labels() {
        return labels;
    }

    public Tensor scores() {
        return scores;
    }
}
