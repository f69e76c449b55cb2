package dev.dicenet.training;

import dev.dicenet.network.SeriesNetwork;

/** What trainNetwork returns: the trained network and the training history. */
public final class TrainedNetwork {
    private final SeriesNetwork network;
    private final TrainingHistory history;

    TrainedNetwork(SeriesNetwork network, TrainingHistory history) {
        this.network = network;
        this.history = history;
    }

    public SeriesNetwork network() {
        return network;
    }

    public TrainingHistory history() {
        return history;
    }
}
