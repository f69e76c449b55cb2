package dev.dicenet.training;

/** Receives progress after every iteration of training. */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener NONE = info -> { };

    void iterationDone(IterationInfo info);
}
