package dev.dicenet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.layers.DicePixelClassificationLayer;
import dev.dicenet.layers.FilterLayer;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.network.Network;
import dev.dicenet.tensor.DiceOptions;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.ReferenceBackend;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weights exported from the PyTorch peer network load into dicenet and give PyTorch's forward, loss
 * and gradients within 1e-4 relative. Runs when /usr/bin/python3 with torch is present.
 */
class TorchParityTest {
    @TempDir
    Path dir;

    @Test
    void importedNetworkMatchesPyTorch() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Path script = Path.of("../scripts/torch_export.py");
        Assumptions.assumeTrue(Files.isExecutable(python) && Files.exists(script), "no /usr/bin/python3");
        Process probe = new ProcessBuilder(python.toString(), "-c", "import torch").redirectErrorStream(true).start();
        Assumptions.assumeTrue(probe.waitFor(120, TimeUnit.SECONDS) && probe.exitValue() == 0, "no torch");

        Path weights = dir.resolve("w.safetensors");
        Path ref = dir.resolve("ref.safetensors");
        Process p = new ProcessBuilder(python.toString(), script.toString(), "--out", weights.toString(),
                "--reference", ref.toString(), "--height", "24", "--width", "34", "--batch", "3")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0, out);

        LayerArray layers = TorchImport.exampleNetwork(weights, null);
        // The peer's conventions: an absent class weighs 0, no epsilon (DICE.md's SKIP policy, smoothing 0).
        ((DicePixelClassificationLayer) layers.outputLayer()).options(DiceOptions.defaults()
                .absentClassPolicy(DiceOptions.AbsentClassPolicy.SKIP).smoothing(0));
        SafeTensors.Contents r = SafeTensors.read(ref);
        SafeTensors.Entry x = r.tensors.get("x");
        Tensor input = Tensor.wrap(Shape.of(x.shape), x.values);
        float[] lf = r.tensors.get("labels").values;
        int[] labels = new int[lf.length];
        for (int i = 0; i < lf.length; i++) {
            labels[i] = Math.round(lf[i]);
        }
        LabelMap t = LabelMap.wrap(Shape.of(x.shape[0], x.shape[2], x.shape[3]), labels);

        Network net = new Network(layers, new ReferenceBackend());
        double loss = net.lossAndGradients(input, t, null);
        assertClose(r.tensors.get("y").values, net.lastScores().data(), "softmax output");
        assertEquals(r.tensors.get("loss").values[0], loss, 1e-4 * Math.abs(loss), "loss");
        FilterLayer conv = (FilterLayer) layers.get(1);
        FilterLayer tconv = (FilterLayer) layers.get(3);
        assertClose(r.tensors.get("grad.conv.weight").values, conv.weights().gradient().data(), "dL/d conv.weight");
        assertClose(r.tensors.get("grad.conv.bias").values, conv.bias().gradient().data(), "dL/d conv.bias");
        assertClose(r.tensors.get("grad.tconv.weight").values, tconv.weights().gradient().data(), "dL/d tconv.weight");
        assertClose(r.tensors.get("grad.tconv.bias").values, tconv.bias().gradient().data(), "dL/d tconv.bias");
    }

    /** Relative to the largest magnitude of the expected tensor: 1e-4. */
    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * scale, what + " at " + i);
        }
    }
}
