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

    /** The state as named tensors (for checkpoints): state.N.first / state.N.second per parameter N. */
    java.util.Map<String, dev.dicenet.io.SafeTensors.Entry> state() {
        java.util.Map<String, dev.dicenet.io.SafeTensors.Entry> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < first.length; i++) {
            out.put("state." + i + ".first", new dev.dicenet.io.SafeTensors.Entry(first[i].shape().dims(), first[i].data().clone()));
            if (second[i] != null) {
                out.put("state." + i + ".second",
                        new dev.dicenet.io.SafeTensors.Entry(second[i].shape().dims(), second[i].data().clone()));
            }
        }
        return out;
    }

    int step() {
        return step;
    }

    /** Restores what {@link #state()} saved; throws if it does not fit these parameters. */
    void restore(java.util.Map<String, dev.dicenet.io.SafeTensors.Entry> state, int savedStep) {
        for (int i = 0; i < first.length; i++) {
            copyInto(state, "state." + i + ".first", first[i]);
            if (second[i] != null) {
                copyInto(state, "state." + i + ".second", second[i]);
            }
        }
        step = savedStep;
    }

    private static void copyInto(java.util.Map<String, dev.dicenet.io.SafeTensors.Entry> state, String name, Tensor t) {
        dev.dicenet.io.SafeTensors.Entry e = state.get(name);
        if (e == null || !java.util.Arrays.equals(e.shape, t.shape().dims())) {
            throw new IllegalArgumentException("checkpoint: optimizer state " + name + " is missing or has another shape "
                    + "than parameter " + t.shape() + " (was it saved with another solver?)");
        }
        System.arraycopy(e.values, 0, t.data(), 0, e.values.length);
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
