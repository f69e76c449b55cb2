package dev.dicenet.training;

import static dev.dicenet.layers.Layers.convolution2dLayer;
import static dev.dicenet.layers.Layers.dicePixelClassificationLayer;
import static dev.dicenet.layers.Layers.imageInputLayer;
import static dev.dicenet.layers.Layers.reluLayer;
import static dev.dicenet.layers.Layers.softmaxLayer;
import static dev.dicenet.layers.Layers.transposedConv2dLayer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.data.InMemoryData;
import dev.dicenet.data.SyntheticShapes;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.metrics.Evaluation;
import dev.dicenet.metrics.SegmentationMetrics;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.ReferenceBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's example array, input reduced to 64x64x3, trained end to end on generated data. */
class ExampleTrainingTest {
    static LayerArray example(int h, int w) {
        return LayerArray.of(
                imageInputLayer(h, w, 3),
                convolution2dLayer(3, 16).stride(2).padding(1),
                reluLayer(),
                transposedConv2dLayer(2, 4).stride(2),
                softmaxLayer(),
                dicePixelClassificationLayer());
    }

    static TrainingOptions options(long seed) {
        return TrainingOptions.trainingOptions("adam").initialLearnRate(0.02).maxEpochs(16).miniBatchSize(8)
                .shuffle("every-epoch").l2Regularization(0).seed(seed).verbose(false).backend(new ReferenceBackend());
    }

    @Test
    void reachesDice90OnEveryClassOfHeldOutImages() {
        SyntheticShapes gen = new SyntheticShapes(64, 64, 20);
        InMemoryData train = gen.generate(96, 1);
        InMemoryData test = gen.generate(16, 2);
        TrainedNetwork trained = Trainer.trainNetwork(train, example(64, 64), options(7));
        SegmentationMetrics m = Evaluation.evaluateSemanticSegmentation(trained.network(), test, 8);
        System.out.println(m.table());
        long[][] c = m.confusionMatrix();
        long all = 0;
        for (long[] row : c) {
            for (long v : row) {
                all += v;
            }
        }
        long sign = java.util.Arrays.stream(c[3]).sum(); // the rare class: under 1% of the defined pixels
        assertTrue(sign < 0.01 * all, "sign share " + (double) sign / all);
        double[] dice = m.classDice();
        for (int k = 0; k < dice.length; k++) {
            assertTrue(dice[k] >= 0.9, SyntheticShapes.CLASSES.get(k) + " Dice " + dice[k] + "\n" + m.table());
        }
        assertEquals(List.of("background", "road", "car", "sign"), trained.network().classes());
        assertTrue(trained.history().last().loss() < trained.history().iterations().get(0).loss());
    }

    @Test
    void sameSeedRepeatsARunBitForBit() {
        InMemoryData data = new SyntheticShapes(16, 16, 20).generate(12, 3);
        TrainingOptions o = options(5).maxEpochs(2).miniBatchSize(4);
        TrainedNetwork a = Trainer.trainNetwork(data, example(16, 16), o);
        TrainedNetwork b = Trainer.trainNetwork(data, example(16, 16), o);
        List<dev.dicenet.layers.Parameter> pa = a.network().layers().get(1).parameters();
        List<dev.dicenet.layers.Parameter> pb = b.network().layers().get(1).parameters();
        assertArrayEquals(pa.get(0).value().data(), pb.get(0).value().data(), 0f);
        assertEquals(a.history().last().loss(), b.history().last().loss(), 0);
        LabelMap la = a.network().semanticseg(new dev.dicenet.data.Batch(4, data.imageSize())
                .load(data, new int[] {0, 1, 2, 3}, 0).images()).labels();
        LabelMap lb = b.network().semanticseg(new dev.dicenet.data.Batch(4, data.imageSize())
                .load(data, new int[] {0, 1, 2, 3}, 0).images()).labels();
        assertArrayEquals(la.labels(), lb.labels());
        TrainedNetwork c = Trainer.trainNetwork(data, example(16, 16), options(6).maxEpochs(2).miniBatchSize(4));
        assertTrue(c.history().last().loss() != a.history().last().loss(), "another seed gives another run");
    }
}
