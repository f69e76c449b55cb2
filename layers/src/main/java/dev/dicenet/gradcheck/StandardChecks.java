package dev.dicenet.gradcheck;

import dev.dicenet.data.InMemoryData;
import dev.dicenet.layers.ImageInputLayer;
import dev.dicenet.layers.InputStatistics;
import dev.dicenet.layers.Layer;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.layers.Layers;
import dev.dicenet.network.Network;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.DiceOptions;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.ReferenceBackend;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import dev.dicenet.training.Trainer;
import dev.dicenet.training.TrainingOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A fixed suite of gradient checks covering every layer type (2-D and 3-D), every input
 * normalization, every Dice absent-class policy and denominator, weighted cross-entropy, and the
 * seed's example network end to end, for one backend. Used by {@code dicenet gradcheck}.
 */
public final class StandardChecks {
    private StandardChecks() {
    }

    /** Check name to result, in a stable order. */
    public static Map<String, GradientCheckResult> run(Backend b, long seed) {
        Map<String, GradientCheckResult> out = new LinkedHashMap<>();
        Random r = new Random(seed);
        GradientCheck gc = GradientCheck.create().backend(b).seed(seed);
        out.put("convolution2d 3x3 s2 p[1 0 1 2]", gc.layer(Layers.convolution2dLayer(3, 4).stride(2)
                .padding(1, 0, 1, 2).biasInitializer("narrow-normal"), uniform(r, Shape.of(2, 3, 7, 6), -1, 1)));
        out.put("convolution2d 2x3 dilation 2", gc.layer(Layers.convolution2dLayer(new int[] {2, 3}, 3)
                .dilationFactor(2).padding("same"), uniform(r, Shape.of(1, 2, 5, 6), -1, 1)));
        out.put("convolution3d 3x3x3 s[1 2 1]", gc.layer(Layers.convolution3dLayer(3, 2).stride(1, 2, 1).padding(1),
                uniform(r, Shape.of(1, 2, 3, 5, 4), -1, 1)));
        out.put("transposedConv2d 2x2 s2", gc.layer(Layers.transposedConv2dLayer(2, 4).stride(2),
                uniform(r, Shape.of(2, 3, 3, 4), -1, 1)));
        out.put("transposedConv2d 3x3 s2 crop[1 0 0 1]", gc.layer(Layers.transposedConv2dLayer(3, 2).stride(2)
                .cropping(1, 0, 0, 1), uniform(r, Shape.of(1, 2, 3, 3), -1, 1)));
        out.put("transposedConv3d 2x2x2 s2", gc.layer(Layers.transposedConv3dLayer(2, 2).stride(2),
                uniform(r, Shape.of(1, 2, 2, 2, 3), -1, 1)));
        out.put("relu", gc.layer(Layers.reluLayer(), awayFromZero(r, Shape.of(2, 3, 4, 5))));
        out.put("softmax", gc.layer(Layers.softmaxLayer(), uniform(r, Shape.of(2, 5, 3, 4), -3, 3)));
        for (String norm : new String[] {"zerocenter", "zscore", "rescale-symmetric", "rescale-zero-one", "none"}) {
            out.put("imageInput " + norm, gc.layer(fitted(Layers.imageInputLayer(3, 4, 2).normalization(norm), r),
                    uniform(r, Shape.of(2, 2, 3, 4), 0, 1)));
        }
        Tensor y = probabilities(r, Shape.of(2, 4, 4, 5));
        LabelMap t = labels(r, Shape.of(2, 4, 5), 3, 0.2); // class 3 absent, 20% undefined
        for (DiceOptions.AbsentClassPolicy p : DiceOptions.AbsentClassPolicy.values()) {
            for (DiceOptions.Denominator d : DiceOptions.Denominator.values()) {
                DiceOptions o = DiceOptions.defaults().absentClassPolicy(p).denominator(d);
                out.put("dice " + p + " " + d, gc.step(1e-3).outputLayer(
                        Layers.dicePixelClassificationLayer().options(o), y.copy(), t));
            }
        }
        Tensor y3 = probabilities(r, Shape.of(2, 3, 2, 3, 3));
        out.put("dice 3-D", gc.outputLayer(Layers.dicePixelClassificationLayer(), y3,
                labels(r, Shape.of(2, 2, 3, 3), 3, 0.2)));
        out.put("crossentropy weighted", gc.outputLayer(Layers.pixelClassificationLayer().classWeights(1, 2, 0.5f, 3),
                y.copy(), t));
        out.put("example network (Dice)", example(b, r, seed));
        return out;
    }

    private static GradientCheckResult example(Backend b, Random r, long seed) {
        int h = 6;
        int w = 8;
        InMemoryData data = new InMemoryData(List.of("a", "b", "c"), Shape.of(3, h, w));
        Tensor x = Tensor.zeros(2, 3, h, w);
        int[] l = new int[2 * h * w];
        for (int i = 0; i < 2; i++) {
            float[] img = uniform(r, Shape.of(3, h, w), 0, 1).data();
            int[] li = labels(r, Shape.of(1, h, w), 3, 0.1).labels();
            data.add("img" + i, img, li);
            System.arraycopy(img, 0, x.data(), i * img.length, img.length);
            System.arraycopy(li, 0, l, i * h * w, h * w);
        }
        LayerArray layers = LayerArray.of(Layers.imageInputLayer(h, w, 3),
                // biases at 1 keep the ReLU units away from the kink, where differences are meaningless
                Layers.convolution2dLayer(3, 4).stride(2).padding(1).biasInitializer("ones"),
                Layers.reluLayer(), Layers.transposedConv2dLayer(2, 3).stride(2), Layers.softmaxLayer(),
                Layers.dicePixelClassificationLayer());
        Trainer.prepare(data, layers, TrainingOptions.trainingOptions("sgdm").seed(seed));
        return GradientCheck.create().backend(b).seed(seed).step(1e-3).network(new Network(layers, b), x,
                LabelMap.wrap(Shape.of(2, h, w), l));
    }

    private static Layer fitted(ImageInputLayer in, Random r) {
        InputStatistics s = in.newStatistics();
        for (int i = 0; i < 3; i++) {
            float[] img = uniform(r, in.inputSize(), 0, 1).data();
            s.add(img, 0, img.length);
        }
        in.fitStatistics(s);
        return in;
    }

    private static Tensor uniform(Random r, Shape s, double lo, double hi) {
        Tensor t = Tensor.zeros(s);
        float[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return t;
    }

    private static Tensor awayFromZero(Random r, Shape s) {
        Tensor t = uniform(r, s, 0.05, 1);
        float[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextBoolean() ? v[i] : -v[i];
        }
        return t;
    }

    private static Tensor probabilities(Random r, Shape s) {
        Tensor y = Tensor.zeros(s);
        new ReferenceBackend().softmax(uniform(r, s, -2, 2), y);
        return y;
    }

    private static LabelMap labels(Random r, Shape s, int present, double undefined) {
        int[] l = new int[s.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = r.nextDouble() < undefined ? LabelMap.UNDEFINED : r.nextInt(present);
        }
        return LabelMap.wrap(s, l);
    }
}
