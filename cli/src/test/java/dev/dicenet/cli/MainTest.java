package dev.dicenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.io.ModelFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    /** Runs the command, returns {exit code, stdout, stderr}. */
    private static Object[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true));
            System.setErr(new PrintStream(e, true));
            int code = Main.run(args);
            return new Object[] {code, o.toString(), e.toString()};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void summaryPrintsTheSeedTable() {
        Object[] r = run("summary");
        assertEquals(0, r[0]);
        assertTrue(((String) r[1]).contains("     6   ''   Dice Pixel Classification Layer   Generalized Dice loss "),
                (String) r[1]);
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : new String[] {"demo", "train", "predict", "evaluate", "summary", "backends", "gradcheck",
            "import-torch"}) {
            Object[] r = run(sub, "--help");
            assertEquals(0, r[0], sub);
            assertTrue(((String) r[1]).contains("Usage: dicenet " + sub), sub + ": " + r[1]);
        }
    }

    @Test
    void badInputIsAOneLineErrorWithExitCode2() {
        Object[] r = run("train", "--images", dir.resolve("none").toString(), "--labels", dir.toString(),
                "--classes", "a,b", "--out", dir.resolve("m").toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).startsWith("dicenet: ") && ((String) r[2]).contains("does not exist"), (String) r[2]);
        r = run("summary", "--model", dir.resolve("missing.safetensors").toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("missing.safetensors"), (String) r[2]);
    }

    @Test
    void demoWritesModelPredictionsAndCurve() throws Exception {
        Path out = dir.resolve("out");
        Object[] r = run("demo", "--out", out.toString(), "--size", "16x16", "--train-images", "8", "--test-images", "4",
                "--epochs", "1", "--backend", "reference");
        assertEquals(0, r[0], (String) r[2]);
        assertTrue(((String) r[1]).contains("Held-out images, per class"), (String) r[1]);
        for (String f : new String[] {"dice-model.safetensors", "predictions.png", "loss-curve.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 100, f);
        }
        assertEquals(4, ModelFile.loadLayers(out.resolve("dice-model.safetensors")).outputLayer().classes().size());
        // predict and evaluate on the model just written
        Path img = out.resolve("predictions.png");
        r = run("predict", "--model", out.resolve("dice-model.safetensors").toString(), "--out", out.toString(),
                img.toString());
        assertEquals(0, r[0], (String) r[2]);
        assertTrue(Files.exists(out.resolve("predictions-labels.png")));
        assertTrue(Files.exists(out.resolve("predictions-overlay.png")));
    }
}
