package dev.dicenet.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dicenet.data.InMemoryData;
import dev.dicenet.data.SyntheticShapes;
import dev.dicenet.layers.Layer;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.layers.Layers;
import dev.dicenet.layers.Parameter;
import dev.dicenet.tensor.Backend;
import dev.dicenet.training.TrainedNetwork;
import dev.dicenet.training.Trainer;
import dev.dicenet.training.TrainingOptions;
import dev.dicenet.vector.VectorBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same seed repeats a training run bit for bit on each backend, and the vector backend's thread count does not matter. */
class RepeatableTrainingTest {
    private static final InMemoryData DATA = new SyntheticShapes(48, 48, 20).generate(16, 1);

    private static LayerArray example() {
        return LayerArray.of(Layers.imageInputLayer(48, 48, 3), Layers.convolution2dLayer(3, 16).stride(2).padding(1),
                Layers.reluLayer(), Layers.transposedConv2dLayer(2, 4).stride(2), Layers.softmaxLayer(),
                Layers.dicePixelClassificationLayer());
    }

    private static List<float[]> train(Backend b) {
        TrainedNetwork t = Trainer.trainNetwork(DATA, example(), TrainingOptions.trainingOptions("adam")
                .initialLearnRate(0.01).maxEpochs(3).miniBatchSize(8).shuffle("every-epoch").seed(11).verbose(false)
                .backend(b));
        List<float[]> w = new ArrayList<>();
        for (Layer l : t.network().layers()) {
            for (Parameter p : l.parameters()) {
                w.add(p.value().data().clone());
            }
        }
        return w;
    }

    private static void assertSame(List<float[]> a, List<float[]> b, String what) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), 0f, what + ", parameter " + i);
        }
    }

    @Test
    void sameSeedSameWeightsOnEveryBackend() {
        for (Backend b : AvailableBackends.all()) {
            assertSame(train(b), train(b), b.name());
        }
    }

    @Test
    void vectorResultsDoNotDependOnTheThreadCount() {
        assertSame(train(new VectorBackend(1)), train(new VectorBackend(3)), "1 vs 3 threads");
    }
}
