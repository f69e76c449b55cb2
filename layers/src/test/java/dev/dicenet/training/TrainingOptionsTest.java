package dev.dicenet.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.data.InMemoryData;
import dev.dicenet.data.SyntheticShapes;
import dev.dicenet.tensor.ReferenceBackend;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingOptionsTest {
    @Test
    void matlabDefaults() {
        TrainingOptions sgdm = TrainingOptions.trainingOptions("sgdm");
        assertEquals(0.01, sgdm.initialLearnRate());
        assertEquals(0.9, sgdm.momentum());
        assertEquals(30, sgdm.maxEpochs());
        assertEquals(128, sgdm.miniBatchSize());
        assertEquals(Shuffle.ONCE, sgdm.shuffle());
        assertEquals(1e-4, sgdm.l2Regularization());
        assertEquals(0.001, TrainingOptions.trainingOptions("adam").initialLearnRate());
    }

    @Test
    void piecewiseScheduleDropsEveryPeriod() {
        TrainingOptions o = TrainingOptions.trainingOptions("sgdm").initialLearnRate(0.1)
                .learnRateSchedule("piecewise").learnRateDropFactor(0.5).learnRateDropPeriod(2);
        assertEquals(0.1, o.learnRate(1), 1e-15);
        assertEquals(0.1, o.learnRate(2), 1e-15);
        assertEquals(0.05, o.learnRate(3), 1e-15);
        assertEquals(0.025, o.learnRate(5), 1e-15);
        assertEquals(0.1, TrainingOptions.trainingOptions("sgdm").initialLearnRate(0.1).learnRate(9), 0);
    }

    @Test
    void invalidOptionsNameTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingOptions.trainingOptions("sgdm").initialLearnRate(0));
        assertTrue(e.getMessage().contains("InitialLearnRate must be a finite number > 0, got 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.trainingOptions("sgdm").initialLearnRate(-1));
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.trainingOptions("rmsprop"));
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.trainingOptions("adam").miniBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.trainingOptions("adam").shuffle("sometimes"));
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.trainingOptions("adam").learnRateSchedule("cosine"));
    }

    @Test
    void verboseTableAndValidationLossAtTheirFrequency() {
        InMemoryData data = new SyntheticShapes(16, 16, 20).generate(8, 1);
        InMemoryData validation = new SyntheticShapes(16, 16, 20).generate(4, 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<IterationInfo> seen = new java.util.ArrayList<>();
        TrainedNetwork t = Trainer.trainNetwork(data, ExampleTrainingTest.example(16, 16),
                TrainingOptions.trainingOptions("sgdm").maxEpochs(3).miniBatchSize(4).validationData(validation)
                        .validationFrequency(2).verbose(true).verboseFrequency(1).verboseOutput(new PrintStream(out, true))
                        .listener(seen::add).backend(new ReferenceBackend()));
        String table = out.toString();
        assertTrue(table.contains("|  Epoch  |  Iteration  |  Time Elapsed  |  Mini-batch  |  Mini-batch  |  Validation  |"),
                table);
        assertEquals(6, t.history().iterations().size()); // 8 images / batch 4 = 2 iterations, 3 epochs
        assertEquals(6, seen.size());
        for (IterationInfo i : seen) {
            boolean validated = i.iteration() % 2 == 0 || i.iteration() == 6;
            assertEquals(validated, !Double.isNaN(i.validationLoss()), "iteration " + i.iteration());
            assertTrue(i.accuracy() >= 0 && i.accuracy() <= 1);
        }
        assertEquals(3, seen.get(5).epoch());
        long rows = table.lines().filter(l -> l.matches("\\|\\s+\\d+ \\|.*")).count();
        assertEquals(6, rows, table); // one row per iteration at VerboseFrequency 1
    }

    @Test
    void nonFiniteLossStopsTrainingWithAClearMessage() {
        InMemoryData data = new SyntheticShapes(16, 16, 20).generate(4, 1);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Trainer.trainNetwork(data,
                ExampleTrainingTest.example(16, 16), TrainingOptions.trainingOptions("sgdm").initialLearnRate(1e30)
                        .maxEpochs(50).miniBatchSize(4).verbose(false).backend(new ReferenceBackend())));
        assertTrue(e.getMessage().startsWith("training stopped at epoch"), e.getMessage());
    }

    @Test
    void nanInTheDataNamesTheImage() {
        InMemoryData data = new SyntheticShapes(16, 16, 20).generate(4, 1);
        float[] bad = new float[3 * 16 * 16];
        bad[7] = Float.NaN;
        data.add("broken.png", bad, new int[16 * 16]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.trainNetwork(data,
                ExampleTrainingTest.example(16, 16), TrainingOptions.trainingOptions("sgdm").verbose(false).backend(new ReferenceBackend())));
        assertTrue(e.getMessage().contains("broken.png") && e.getMessage().contains("NaN"), e.getMessage());
    }
}
