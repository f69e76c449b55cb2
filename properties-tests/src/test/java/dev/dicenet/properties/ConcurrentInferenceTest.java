package dev.dicenet.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.dicenet.data.Batch;
import dev.dicenet.data.InMemoryData;
import dev.dicenet.data.SyntheticShapes;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.layers.Layers;
import dev.dicenet.network.SeriesNetwork;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.ReferenceBackend;
import dev.dicenet.tensor.Tensor;
import dev.dicenet.training.Trainer;
import dev.dicenet.training.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One trained network used from 4 threads at once gives the sequential label maps, on every backend. */
class ConcurrentInferenceTest {
    @Test
    void fourThreadsGiveTheSequentialLabelMaps() throws Exception {
        InMemoryData data = new SyntheticShapes(32, 32, 20).generate(16, 1);
        LayerArray layers = LayerArray.of(Layers.imageInputLayer(32, 32, 3), Layers.convolution2dLayer(3, 8).stride(2)
                .padding(1), Layers.reluLayer(), Layers.transposedConv2dLayer(2, 4).stride(2), Layers.softmaxLayer(),
                Layers.dicePixelClassificationLayer());
        SeriesNetwork trained = Trainer.trainNetwork(data, layers, TrainingOptions.trainingOptions("adam")
                .initialLearnRate(0.02).maxEpochs(2).miniBatchSize(4).verbose(false).backend(new ReferenceBackend()))
                .network();
        List<Tensor> batches = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            batches.add(new Batch(4, data.imageSize()).load(data, new int[] {4 * b, 4 * b + 1, 4 * b + 2, 4 * b + 3}, 0)
                    .images());
        }
        for (Backend backend : AvailableBackends.all()) {
            SeriesNetwork net = trained.on(backend);
            List<int[]> sequential = new ArrayList<>();
            for (Tensor images : batches) {
                sequential.add(net.semanticseg(images).labels().labels().clone());
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (int round = 0; round < 5; round++) {
                    List<Future<int[]>> results = new ArrayList<>();
                    for (Tensor images : batches) {
                        results.add(pool.submit(() -> {
                            LabelMap labels = LabelMap.zeros(dev.dicenet.tensor.Shape.of(4, 32, 32));
                            net.classify(images, labels);
                            return labels.labels();
                        }));
                    }
                    for (int b = 0; b < batches.size(); b++) {
                        assertArrayEquals(sequential.get(b), results.get(b).get(), backend.name() + " batch " + b);
                    }
                }
            } finally {
                pool.shutdown();
            }
        }
    }
}
