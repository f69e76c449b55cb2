package dev.dicenet.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.gradcheck.GradientCheck;
import dev.dicenet.gradcheck.GradientCheckResult;
import dev.dicenet.layers.ConvolutionLayer;
import dev.dicenet.layers.ImageInputLayer;
import dev.dicenet.layers.InputStatistics;
import dev.dicenet.layers.Layers;
import dev.dicenet.layers.TransposedConvolutionLayer;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.DiceOptions;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Numeric gradient checks of every layer type over generated shapes and hyper-parameters, on every
 * backend present. Tolerances: GradientCheck's defaults (rtol 1e-2, floor 1e-3 of the largest
 * numeric entry, step 1e-2), documented there.
 */
class LayerGradientProperties {

    private static void check(GradientCheckResult r) {
        assertTrue(r.passed(), r.toString());
    }

    @Property
    void convolution2d(@ForAll @IntRange(min = 1, max = 5) int kh, @ForAll @IntRange(min = 1, max = 5) int kw,
                       @ForAll @IntRange(min = 1, max = 3) int stride, @ForAll @IntRange(min = 0, max = 2) int padTop,
                       @ForAll @IntRange(min = 0, max = 2) int padBottom, @ForAll @IntRange(min = 0, max = 2) int padLeft,
                       @ForAll @IntRange(min = 0, max = 2) int padRight, @ForAll @IntRange(min = 1, max = 2) int dilation,
                       @ForAll @IntRange(min = 1, max = 3) int channels, @ForAll @IntRange(min = 1, max = 3) int filters,
                       @ForAll @IntRange(min = 1, max = 2) int batch, @ForAll long seed) {
        Random r = new Random(seed);
        int h = Math.max(1, dilation * (kh - 1) + 1 - padTop - padBottom) + r.nextInt(4);
        int w = Math.max(1, dilation * (kw - 1) + 1 - padLeft - padRight) + r.nextInt(4);
        Tensor x = Inputs.uniform(r, Inputs.batched(batch, channels, h, w), -1, 1);
        for (Backend b : AvailableBackends.all()) {
            ConvolutionLayer conv = Layers.convolution2dLayer(new int[] {kh, kw}, filters).stride(stride)
                    .padding(padTop, padBottom, padLeft, padRight).dilationFactor(dilation).biasInitializer("narrow-normal");
            check(GradientCheck.create().backend(b).seed(seed).layer(conv, x.copy()));
        }
    }

    @Property
    void convolution3d(@ForAll @IntRange(min = 1, max = 5) int k, @ForAll @IntRange(min = 1, max = 3) int stride,
                       @ForAll @IntRange(min = 0, max = 1) int padBefore, @ForAll @IntRange(min = 0, max = 1) int padAfter,
                       @ForAll @IntRange(min = 1, max = 2) int dilation, @ForAll @IntRange(min = 1, max = 2) int channels,
                       @ForAll @IntRange(min = 1, max = 2) int filters, @ForAll long seed) {
        Random r = new Random(seed);
        int s = Math.max(1, dilation * (k - 1) + 1 - padBefore - padAfter) + r.nextInt(3);
        Tensor x = Inputs.uniform(r, Inputs.batched(1, channels, s, s + 1, s), -1, 1);
        for (Backend b : AvailableBackends.all()) {
            ConvolutionLayer conv = Layers.convolution3dLayer(k, filters).stride(stride).dilationFactor(dilation)
                    .padding(padBefore, padAfter, padAfter, padBefore, padBefore, padAfter);
            check(GradientCheck.create().backend(b).seed(seed).layer(conv, x.copy()));
        }
    }

    @Property
    void transposedConvolution2d(@ForAll @IntRange(min = 1, max = 4) int k, @ForAll @IntRange(min = 1, max = 3) int stride,
                                 @ForAll @IntRange(min = 0, max = 1) int cropTop, @ForAll @IntRange(min = 0, max = 1) int cropRight,
                                 @ForAll @IntRange(min = 1, max = 3) int channels, @ForAll @IntRange(min = 1, max = 3) int filters,
                                 @ForAll @IntRange(min = 1, max = 2) int batch, @ForAll long seed) {
        Random r = new Random(seed);
        Tensor x = Inputs.uniform(r, Inputs.batched(batch, channels, 2 + r.nextInt(3), 2 + r.nextInt(3)), -1, 1);
        for (Backend b : AvailableBackends.all()) {
            TransposedConvolutionLayer t = Layers.transposedConv2dLayer(k, filters).stride(stride)
                    .cropping(cropTop, 0, 0, cropRight).biasInitializer("narrow-normal");
            check(GradientCheck.create().backend(b).seed(seed).layer(t, x.copy()));
        }
    }

    @Property
    void transposedConvolution3d(@ForAll @IntRange(min = 1, max = 3) int k, @ForAll @IntRange(min = 1, max = 2) int stride,
                                 @ForAll @IntRange(min = 0, max = 1) int crop, @ForAll @IntRange(min = 1, max = 2) int channels,
                                 @ForAll @IntRange(min = 1, max = 2) int filters, @ForAll long seed) {
        Random r = new Random(seed);
        Tensor x = Inputs.uniform(r, Inputs.batched(1, channels, 2, 2 + r.nextInt(2), 2), -1, 1);
        for (Backend b : AvailableBackends.all()) {
            TransposedConvolutionLayer t = Layers.transposedConv3dLayer(k, filters).stride(stride).cropping(crop, 0, 0, crop, crop, 0);
            check(GradientCheck.create().backend(b).seed(seed).layer(t, x.copy()));
        }
    }

    @Property
    void relu(@ForAll @IntRange(min = 1, max = 4) int batch, @ForAll @IntRange(min = 1, max = 17) int channels,
              @ForAll @IntRange(min = 1, max = 9) int w, @ForAll long seed) {
        // inputs at least 0.05 from the kink; the check's steps are 1e-2 * max(1, |x|) = 1e-2
        Tensor x = Inputs.awayFromZero(new Random(seed), Inputs.batched(batch, channels, 3, w), 0.05);
        for (Backend b : AvailableBackends.all()) {
            check(GradientCheck.create().backend(b).seed(seed).layer(Layers.reluLayer(), x.copy()));
        }
    }

    @Property
    void softmax(@ForAll @IntRange(min = 1, max = 4) int batch, @ForAll @IntRange(min = 1, max = 17) int channels,
                 @ForAll @IntRange(min = 1, max = 9) int w, @ForAll boolean volume, @ForAll long seed) {
        Shape s = volume ? Inputs.batched(batch, channels, 2, 2, w) : Inputs.batched(batch, channels, 2, w);
        Tensor x = Inputs.uniform(new Random(seed), s, -3, 3);
        for (Backend b : AvailableBackends.all()) {
            check(GradientCheck.create().backend(b).seed(seed).layer(Layers.softmaxLayer(), x.copy()));
        }
    }

    @Property
    void imageInput(@ForAll("normalizations") String normalization, @ForAll("dimensions") String dimension,
                    @ForAll @IntRange(min = 1, max = 3) int channels, @ForAll @IntRange(min = 1, max = 2) int batch,
                    @ForAll long seed) {
        Random r = new Random(seed);
        Shape s = Inputs.batched(batch, channels, 3, 4);
        Tensor x = Inputs.uniform(r, s, 0, 1);
        for (Backend b : AvailableBackends.all()) {
            ImageInputLayer in = Layers.imageInputLayer(3, 4, channels).normalizationDimension(dimension)
                    .normalization(normalization);
            InputStatistics stats = in.newStatistics();
            for (int i = 0; i < 3; i++) {
                float[] img = Inputs.uniform(r, s.dropFirst(), 0, 1).data();
                stats.add(img, 0, img.length);
            }
            in.fitStatistics(stats);
            check(GradientCheck.create().backend(b).seed(seed).layer(in, x.copy()));
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> normalizations() {
        return net.jqwik.api.Arbitraries.of("zerocenter", "zscore", "rescale-symmetric", "rescale-zero-one", "none");
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> dimensions() {
        return net.jqwik.api.Arbitraries.of("channel", "element", "all");
    }

    @Property
    void dicePixelClassification(@ForAll DiceOptions.WeightType weights, @ForAll DiceOptions.Denominator denominator,
                                 @ForAll DiceOptions.AbsentClassPolicy policy, @ForAll DiceOptions.Reduction reduction,
                                 @ForAll @IntRange(min = 2, max = 6) int classes, @ForAll @IntRange(min = 1, max = 4) int batch,
                                 @ForAll boolean volume, @ForAll long seed) {
        Random r = new Random(seed);
        Shape s = volume ? Inputs.batched(batch, classes, 2, 3, 3) : Inputs.batched(batch, classes, 4, 5);
        Tensor y = Inputs.probabilities(r, s);
        int[] ld = new int[s.rank() - 1];
        ld[0] = batch;
        System.arraycopy(s.dims(), 2, ld, 1, s.rank() - 2);
        // some classes absent (present < classes sometimes), some pixels undefined
        var labels = Inputs.labels(r, Shape.of(ld), Math.max(1, classes - r.nextInt(2)), 0.2);
        DiceOptions o = DiceOptions.defaults().weightType(weights).denominator(denominator).absentClassPolicy(policy)
                .reduction(reduction);
        for (Backend b : AvailableBackends.all()) {
            check(GradientCheck.create().backend(b).seed(seed).step(1e-3)
                    .outputLayer(Layers.dicePixelClassificationLayer().options(o), y.copy(), labels));
        }
    }

    @Property
    void pixelClassification(@ForAll @IntRange(min = 2, max = 6) int classes, @ForAll @IntRange(min = 1, max = 4) int batch,
                             @ForAll boolean weighted, @ForAll long seed) {
        Random r = new Random(seed);
        Shape s = Inputs.batched(batch, classes, 3, 4);
        Tensor y = Inputs.probabilities(r, s);
        var labels = Inputs.labels(r, Shape.of(batch, 3, 4), classes, 0.2);
        float[] w = new float[classes];
        for (int k = 0; k < classes; k++) {
            w[k] = weighted ? 0.1f + 3 * r.nextFloat() : 1;
        }
        for (Backend b : AvailableBackends.all()) {
            check(GradientCheck.create().backend(b).seed(seed).step(1e-3)
                    .outputLayer(Layers.pixelClassificationLayer().classWeights(w), y.copy(), labels));
        }
    }
}
