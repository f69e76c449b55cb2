package dev.dicenet.layers;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.LossGradient;
import dev.dicenet.tensor.Tensor;
import java.util.List;

/**
 * MATLAB's pixelClassificationLayer: weighted cross-entropy over the defined pixels (normalized by
 * the sum of the weights of the defined pixels), the baseline to compare Dice against.
 */
public final class PixelClassificationLayer extends OutputLayer {
    private float[] classWeights; // null = 'none'

    public PixelClassificationLayer classWeights(float... weights) {
        for (float w : weights) {
            if (!(w >= 0) || Float.isInfinite(w)) {
                throw error("ClassWeights must be finite and >= 0, got " + java.util.Arrays.toString(weights));
            }
        }
        this.classWeights = weights.clone();
        return this;
    }

    public float[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    @Override
    public PixelClassificationLayer name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public PixelClassificationLayer classes(List<String> names) {
        super.classes(names);
        return this;
    }

    @Override
    public PixelClassificationLayer classes(String... names) {
        super.classes(names);
        return this;
    }

    @Override
    public String lossFunction() {
        return "crossentropyex";
    }

    @Override
    public String typeName() {
        return "Pixel Classification Layer";
    }

    @Override
    public String defaultNamePrefix() {
        return "classoutput";
    }

    @Override
    public String description() {
        return (classWeights == null ? "Cross-entropy loss " : "Class weighted cross-entropy loss ") + classesDescription();
    }

    @Override
    public double loss(Backend backend, Tensor y, LabelMap labels, Tensor grad, LossGradient target,
                       double[] perObservation) {
        if (classWeights != null && classWeights.length != y.shape().dim(1)) {
            throw error(classWeights.length + " ClassWeights for " + y.shape().dim(1) + " classes");
        }
        double loss = backend.crossEntropyLoss(y, labels, classWeights, grad, target);
        if (perObservation != null) {
            java.util.Arrays.fill(perObservation, loss);
        }
        return loss;
    }
}
