package dev.dicenet.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.data.InMemoryData;
import dev.dicenet.data.SyntheticShapes;
import dev.dicenet.io.ModelFile;
import dev.dicenet.layers.Layer;
import dev.dicenet.layers.Parameter;
import dev.dicenet.tensor.ReferenceBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    private static final InMemoryData DATA = new SyntheticShapes(16, 16, 20).generate(12, 1);

    private static TrainingOptions options(String solver, int epochs) {
        return TrainingOptions.trainingOptions(solver).initialLearnRate(0.01).maxEpochs(epochs).miniBatchSize(4)
                .shuffle("every-epoch").seed(9).verbose(false).backend(new ReferenceBackend());
    }

    private static List<float[]> weights(TrainedNetwork t) {
        List<float[]> w = new ArrayList<>();
        for (Layer l : t.network().layers()) {
            for (Parameter p : l.parameters()) {
                w.add(p.value().data().clone());
            }
        }
        return w;
    }

    @Test
    void resumingContinuesBitForBit() throws Exception {
        for (String solver : new String[] {"adam", "sgdm"}) {
            TrainedNetwork straight = Trainer.trainNetwork(DATA, ExampleTrainingTest.example(16, 16), options(solver, 4));
            Path ckpt = dir.resolve(solver + ".safetensors");
            Trainer.trainNetwork(DATA, ExampleTrainingTest.example(16, 16), options(solver, 2).checkpointFile(ckpt));
            TrainedNetwork resumed = Trainer.resumeTraining(ckpt, DATA, options(solver, 4));
            List<float[]> a = weights(straight);
            List<float[]> b = weights(resumed);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i), b.get(i), 0f, solver + " parameter " + i);
            }
            assertEquals(straight.history().last().loss(), resumed.history().last().loss(), 0);
            assertEquals(12, resumed.history().last().iteration());
            assertEquals(6, resumed.history().iterations().size()); // epochs 3 and 4 only
            // a checkpoint also loads as a model
            assertEquals(List.of("background", "road", "car", "sign"), ModelFile.loadLayers(ckpt).outputLayer().classes());
        }
    }

    @Test
    void divergingRunKeepsTheLastGoodCheckpoint() throws Exception {
        Path ckpt = dir.resolve("c.safetensors");
        Trainer.trainNetwork(DATA, ExampleTrainingTest.example(16, 16), options("sgdm", 2).checkpointFile(ckpt));
        byte[] good = Files.readAllBytes(ckpt);
        assertThrows(TrainingDivergedException.class, () -> Trainer.resumeTraining(ckpt, DATA,
                options("sgdm", 50).initialLearnRate(1e30).checkpointFile(ckpt)));
        assertArrayEquals(good, Files.readAllBytes(ckpt), "the epoch-2 checkpoint is kept");
        assertTrue(ModelFile.loadCheckpoint(ckpt).metadata.get("training").startsWith("epoch=2 "));
    }

    @Test
    void aModelFileIsNotACheckpoint() throws Exception {
        Path model = dir.resolve("m.safetensors");
        ModelFile.save(Trainer.trainNetwork(DATA, ExampleTrainingTest.example(16, 16), options("sgdm", 1)).network(), model);
        var e = assertThrows(dev.dicenet.io.ModelFormatException.class,
                () -> Trainer.resumeTraining(model, DATA, options("sgdm", 2)));
        assertTrue(e.getMessage().contains("not a checkpoint"), e.getMessage());
    }

    /** A training JVM killed at random moments, mid-save or not, always leaves a complete checkpoint. */
    @Test
    void killedTrainingLeavesACompleteCheckpoint() throws Exception {
        Path ckpt = dir.resolve("killed.safetensors");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Random r = new Random(2);
        for (int round = 0; round < 4; round++) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CheckpointingMain.class.getName(), ckpt.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ckpt) && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(20);
            }
            Thread.sleep(100 + r.nextInt(400));
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            String state = ModelFile.loadCheckpoint(ckpt).metadata.get("training"); // never half-written
            assertTrue(state.startsWith("epoch="), state);
        }
    }
}
