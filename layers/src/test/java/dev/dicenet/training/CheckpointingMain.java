package dev.dicenet.training;

import dev.dicenet.data.SyntheticShapes;
import dev.dicenet.tensor.ReferenceBackend;
import java.nio.file.Path;

/** Trains "forever", checkpointing every epoch (one iteration each), until the test kills this JVM. */
public final class CheckpointingMain {
    private CheckpointingMain() {
    }

    public static void main(String[] args) {
        Trainer.trainNetwork(new SyntheticShapes(32, 32, 20).generate(4, 1), ExampleTrainingTest.example(32, 32),
                TrainingOptions.trainingOptions("adam").maxEpochs(1_000_000).miniBatchSize(4).verbose(false)
                        .backend(new ReferenceBackend()).checkpointFile(Path.of(args[0])));
    }
}
