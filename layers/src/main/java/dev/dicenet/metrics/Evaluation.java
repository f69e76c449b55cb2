package dev.dicenet.metrics;

import dev.dicenet.data.Batch;
import dev.dicenet.data.SegmentationData;
import dev.dicenet.network.SegmentationResult;
import dev.dicenet.network.SeriesNetwork;

/** MATLAB's evaluateSemanticSegmentation for a network and a labelled data set. */
public final class Evaluation {
    private Evaluation() {
    }

    /** Segments every image of {@code data} in batches and accumulates the metrics. */
    public static SegmentationMetrics evaluateSemanticSegmentation(SeriesNetwork net, SegmentationData data,
                                                                   int batchSize) {
        if (!net.classes().equals(data.classNames())) {
            throw new IllegalArgumentException("evaluate: the network's classes " + net.classes()
                    + " differ from the data's " + data.classNames());
        }
        SegmentationMetrics metrics = new SegmentationMetrics(net.classes());
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int from = 0;
        while (from < data.size()) {
            int n = Math.min(batchSize, data.size() - from);
            Batch batch = new Batch(n, data.imageSize()).load(data, order, from);
            SegmentationResult r = net.semanticseg(batch.images());
            metrics.add(r.labels(), batch.labels());
            from += n;
        }
        return metrics;
    }
}
