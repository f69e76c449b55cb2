package dev.dicenet.training;

import static dev.dicenet.layers.Layers.convolution3dLayer;
import static dev.dicenet.layers.Layers.dicePixelClassificationLayer;
import static dev.dicenet.layers.Layers.image3dInputLayer;
import static dev.dicenet.layers.Layers.reluLayer;
import static dev.dicenet.layers.Layers.softmaxLayer;
import static dev.dicenet.layers.Layers.transposedConv3dLayer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.data.InMemoryData;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.metrics.Evaluation;
import dev.dicenet.metrics.SegmentationMetrics;
import dev.dicenet.tensor.ReferenceBackend;
import dev.dicenet.tensor.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A voxel network (the example array in 3-D) trains end to end with the Dice layer. */
class VoxelTrainingTest {
    static final int S = 8;

    /** Noisy 8x8x8 volumes: a bright box (the small class, about 5%) in a dark background. */
    static InMemoryData volumes(int count, long seed) {
        Random r = new Random(seed);
        InMemoryData d = new InMemoryData(List.of("background", "lesion"), Shape.of(1, S, S, S));
        for (int i = 0; i < count; i++) {
            float[] v = new float[S * S * S];
            int[] l = new int[S * S * S];
            int z0 = r.nextInt(S - 3);
            int y0 = r.nextInt(S - 3);
            int x0 = r.nextInt(S - 3);
            for (int z = 0; z < S; z++) {
                for (int y = 0; y < S; y++) {
                    for (int x = 0; x < S; x++) {
                        int idx = (z * S + y) * S + x;
                        boolean in = z >= z0 && z < z0 + 3 && y >= y0 && y < y0 + 3 && x >= x0 && x < x0 + 3;
                        l[idx] = in ? 1 : 0;
                        v[idx] = (float) ((in ? 0.8 : 0.2) + 0.1 * r.nextGaussian());
                    }
                }
            }
            d.add("volume" + i, v, l);
        }
        return d;
    }

    @Test
    void voxelNetworkSegmentsHeldOutVolumes() {
        LayerArray layers = LayerArray.of(image3dInputLayer(S, S, S, 1),
                convolution3dLayer(3, 8).stride(2).padding(1), reluLayer(),
                transposedConv3dLayer(2, 2).stride(2), softmaxLayer(), dicePixelClassificationLayer());
        TrainedNetwork t = Trainer.trainNetwork(volumes(48, 1), layers, TrainingOptions.trainingOptions("adam")
                .initialLearnRate(0.02).maxEpochs(15).miniBatchSize(8).seed(3).verbose(false)
                .backend(new ReferenceBackend()));
        SegmentationMetrics m = Evaluation.evaluateSemanticSegmentation(t.network(), volumes(8, 2), 4);
        assertEquals("[8 8 8 2]", layers.outputLayer().outputSizeText());
        for (double dice : m.classDice()) {
            assertTrue(dice >= 0.9, m.table());
        }
    }
}
