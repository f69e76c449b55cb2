package dev.dicenet.layers;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.DiceOptions;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.LossGradient;
import dev.dicenet.tensor.Tensor;
import java.util.List;

/**
 * MATLAB's dicePixelClassificationLayer: labels every pixel or voxel and trains with the generalized
 * Dice loss, which weights each class by the inverse square of its region size so that small classes
 * count. Undefined labels are ignored entirely. Options beyond MATLAB are in {@link DiceOptions};
 * the default uses the MAX_PRESENT absent-class policy, {@link #matlabCompatible()} reproduces MATLAB.
 */
public final class DicePixelClassificationLayer extends OutputLayer {
    private DiceOptions options = DiceOptions.defaults();

    /** A layer whose loss reproduces MATLAB's numbers in every case. */
    public static DicePixelClassificationLayer matlabCompatible() {
        return new DicePixelClassificationLayer().options(DiceOptions.matlabCompatible());
    }

    public DiceOptions options() {
        return options;
    }

    public DicePixelClassificationLayer options(DiceOptions options) {
        if (options == null) {
            throw error("options must not be null");
        }
        this.options = options;
        return this;
    }

    @Override
    public DicePixelClassificationLayer name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public DicePixelClassificationLayer classes(List<String> names) {
        super.classes(names);
        return this;
    }

    @Override
    public DicePixelClassificationLayer classes(String... names) {
        super.classes(names);
        return this;
    }

    /** MATLAB's LossFunction (read-only). */
    @Override
    public String lossFunction() {
        return "generalizedDiceLoss";
    }

    /** MATLAB's NumInputs (read-only). */
    public int numInputs() {
        return 1;
    }

    /** MATLAB's InputNames (read-only). */
    public List<String> inputNames() {
        return List.of("in");
    }

    @Override
    public String typeName() {
        return "Dice Pixel Classification Layer";
    }

    @Override
    public String defaultNamePrefix() {
        return "dice-classoutput";
    }

    /** "Generalized Dice loss " while Classes is 'auto' (as MATLAB prints it), then with the classes. */
    @Override
    public String description() {
        return "Generalized Dice loss " + classesDescription();
    }

    @Override
    public double loss(Backend backend, Tensor y, LabelMap labels, Tensor grad, LossGradient target,
                       double[] perObservation) {
        return backend.diceLoss(y, labels, options, grad, target, perObservation);
    }
}
