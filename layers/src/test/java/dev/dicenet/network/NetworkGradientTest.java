package dev.dicenet.network;

import static dev.dicenet.layers.Layers.convolution2dLayer;
import static dev.dicenet.layers.Layers.imageInputLayer;
import static dev.dicenet.layers.Layers.reluLayer;
import static dev.dicenet.layers.Layers.softmaxLayer;
import static dev.dicenet.layers.Layers.transposedConv2dLayer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dicenet.data.InMemoryData;
import dev.dicenet.layers.Layers;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.layers.OutputLayer;
import dev.dicenet.layers.Parameter;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.ReferenceBackend;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import dev.dicenet.tensor.testing.NumericGradient;
import dev.dicenet.training.Trainer;
import dev.dicenet.training.TrainingOptions;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The example array end to end at 8x10: dL/dp of every weight and bias (through the fused
 * softmax + loss backward) against central differences of the loss in double.
 */
class NetworkGradientTest {
    @Test
    void diceExampleArrayGradients() {
        check(Layers.dicePixelClassificationLayer());
    }

    @Test
    void crossEntropyExampleArrayGradients() {
        check(Layers.pixelClassificationLayer().classWeights(1, 2, 0.5f, 3));
    }

    private static void check(OutputLayer output) {
        Random r = new Random(1);
        int h = 8;
        int w = 10;
        LayerArray layers = LayerArray.of(imageInputLayer(h, w, 3), convolution2dLayer(3, 5).stride(2).padding(1),
                reluLayer(), transposedConv2dLayer(2, 4).stride(2), softmaxLayer(), output);
        InMemoryData data = new InMemoryData(List.of("a", "b", "c", "d"), Shape.of(3, h, w));
        int[][] labels = new int[2][];
        for (int i = 0; i < 2; i++) {
            labels[i] = new int[h * w];
            for (int j = 0; j < h * w; j++) {
                labels[i][j] = r.nextInt(10) == 0 ? LabelMap.UNDEFINED : r.nextInt(4);
            }
            data.add("img" + i, NumericGradient.random(r, 3 * h * w, 0, 1), labels[i]);
        }
        Trainer.prepare(data, layers, TrainingOptions.trainingOptions("sgdm").seed(3));
        Network net = new Network(layers, new ReferenceBackend());
        Tensor x = Tensor.zeros(2, 3, h, w);
        data.readImage(0, x.data(), 0);
        data.readImage(1, x.data(), 3 * h * w);
        int[] t = new int[2 * h * w];
        System.arraycopy(labels[0], 0, t, 0, h * w);
        System.arraycopy(labels[1], 0, t, h * w, h * w);
        LabelMap lm = LabelMap.wrap(Shape.of(2, h, w), t);
        net.lossAndGradients(x, lm, null);
        for (Parameter p : net.parameters()) {
            float[] analytic = p.gradient().data().clone();
            double[] numeric = NumericGradient.centralDifference(p.value().data(), () -> net.loss(x, lm, null), 1e-3);
            double scale = 1e-4;
            for (double v : numeric) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < numeric.length; i++) {
                // float32 forward: central differences carry ~1e-7/1e-3 relative noise; 2% of the largest entry
                assertEquals(numeric[i], analytic[i], 0.02 * scale, output.typeName() + " " + p.name() + "[" + i + "]");
            }
        }
    }
}
