package dev.dicenet.cli;

import dev.dicenet.training.TrainingOptions;
import picocli.CommandLine.Option;

/** The trainingOptions a user sets from the command line. */
final class TrainingFlags {
    @Option(names = "--solver", defaultValue = "adam", description = "sgdm or adam (default: ${DEFAULT-VALUE}).")
    String solver;

    @Option(names = "--learn-rate", defaultValue = "0.02", description = "InitialLearnRate (default: ${DEFAULT-VALUE}).")
    double learnRate;

    @Option(names = "--epochs", defaultValue = "16", description = "MaxEpochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "8", description = "MiniBatchSize (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--l2", defaultValue = "0", description = "L2Regularization (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--shuffle", defaultValue = "every-epoch",
            description = "once, every-epoch or never (default: ${DEFAULT-VALUE}).")
    String shuffle;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of initialization and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    TrainingOptions options() {
        return TrainingOptions.trainingOptions(solver).initialLearnRate(learnRate).maxEpochs(epochs).miniBatchSize(batch)
                .l2Regularization(l2).shuffle(shuffle).seed(seed).verbose(false);
    }
}
