package dev.dicenet.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Every iteration's progress of one training run (MATLAB's info output of trainNetwork). */
public final class TrainingHistory {
    private final List<IterationInfo> iterations = new ArrayList<>();

    void add(IterationInfo info) {
        iterations.add(info);
    }

    public List<IterationInfo> iterations() {
        return Collections.unmodifiableList(iterations);
    }

    public IterationInfo last() {
        return iterations.get(iterations.size() - 1);
    }

    public boolean isEmpty() {
        return iterations.isEmpty();
    }
}
