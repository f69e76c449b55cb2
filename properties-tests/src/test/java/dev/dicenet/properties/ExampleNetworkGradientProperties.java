package dev.dicenet.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.data.InMemoryData;
import dev.dicenet.gradcheck.GradientCheck;
import dev.dicenet.gradcheck.GradientCheckResult;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.layers.Layers;
import dev.dicenet.network.Network;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import dev.dicenet.training.Trainer;
import dev.dicenet.training.TrainingOptions;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The seed's example array end to end at a small size: dL/dp for every weight and bias, every backend. */
class ExampleNetworkGradientProperties {
    @Property(tries = 10)
    void everyWeightAndBias(@ForAll @IntRange(min = 1, max = 3) int halfHeight, @ForAll @IntRange(min = 1, max = 3) int halfWidth,
                            @ForAll @IntRange(min = 1, max = 2) int batch, @ForAll boolean dice, @ForAll long seed) {
        int h = 2 * halfHeight + 2;
        int w = 2 * halfWidth + 2;
        Random r = new Random(seed);
        InMemoryData data = new InMemoryData(List.of("a", "b", "c"), Shape.of(3, h, w));
        Tensor x = Tensor.zeros(batch, 3, h, w);
        int[] labels = new int[batch * h * w];
        for (int i = 0; i < batch; i++) {
            float[] img = Inputs.uniform(r, Shape.of(3, h, w), 0, 1).data();
            int[] l = Inputs.labels(r, Shape.of(h * w), 3, 0.1).labels();
            data.add("img" + i, img, l);
            System.arraycopy(img, 0, x.data(), i * img.length, img.length);
            System.arraycopy(l, 0, labels, i * h * w, h * w);
        }
        LabelMap t = LabelMap.wrap(Shape.of(batch, h, w), labels);
        for (Backend b : AvailableBackends.all()) {
            // Conv biases start at 1 so the ReLU units are active; samples with a pre-activation
            // within 0.01 of the kink (where a central difference straddles it) are discarded.
            LayerArray layers = LayerArray.of(Layers.imageInputLayer(h, w, 3),
                    Layers.convolution2dLayer(3, 4).stride(2).padding(1).biasInitializer("ones"),
                    Layers.reluLayer(), Layers.transposedConv2dLayer(2, 3).stride(2), Layers.softmaxLayer(),
                    dice ? Layers.dicePixelClassificationLayer() : Layers.pixelClassificationLayer());
            Trainer.prepare(data, layers, TrainingOptions.trainingOptions("sgdm").seed(seed));
            Network net = new Network(layers, b);
            net.forward(x);
            float minAbs = Float.MAX_VALUE;
            for (float z : net.activations(1).data()) {
                minAbs = Math.min(minAbs, Math.abs(z));
            }
            Assume.that(minAbs > 0.01f);
            GradientCheckResult res = GradientCheck.create().backend(b).seed(seed).step(1e-3).network(net, x, t);
            assertTrue(res.passed(), res.toString());
            assertTrue(res.reports().size() == 4, "conv and transposed conv weights and biases: " + res);
        }
    }
}
