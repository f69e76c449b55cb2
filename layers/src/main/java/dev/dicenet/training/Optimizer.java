package dev.dicenet.training;

import dev.dicenet.layers.Parameter;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.Tensor;
import java.util.List;

/** Updates parameters from their gradients, keeping per-parameter state (allocated once). */
final class Optimizer {
    private final TrainingOptions options;
    private final Backend backend;
    private final List<Parameter> parameters;
    private final Tensor[] first;  // sgdm velocity, or adam m
    private final Tensor[] second; // adam v
    private int step;

    Optimizer(TrainingOptions options, Backend backend, List<Parameter> parameters) {
        this.options = options;
        this.backend = backend;
        this.parameters = parameters;
        first = new Tensor[parameters.size()];
        second = new Tensor[parameters.size()];
        for (int i = 0; i < parameters.size(); i++) {
            first[i] = backend.zeros(parameters.get(i).shape());
            if (options.solver() == Solver.ADAM) {
                second[i] = backend.zeros(parameters.get(i).shape());
            }
        }
    }

    void update(double learnRate) {
        step++;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            float l2 = (float) (options.l2Regularization() * p.l2Factor());
            if (options.solver() == Solver.SGDM) {
                backend.sgdmUpdate(p.value(), p.gradient(), first[i], (float) learnRate, (float) options.momentum(), l2);
            } else {
                backend.adamUpdate(p.value(), p.gradient(), first[i], second[i], (float) learnRate,
                        (float) options.gradientDecayFactor(), (float) options.squaredGradientDecayFactor(),
                        (float) options.epsilon(), step, l2);
            }
        }
    }
}
