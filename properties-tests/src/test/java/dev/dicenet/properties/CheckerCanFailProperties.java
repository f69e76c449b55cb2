package dev.dicenet.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.gradcheck.GradientCheck;
import dev.dicenet.gradcheck.GradientCheckResult;
import dev.dicenet.gradcheck.TensorReport;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.Tensor;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** A gradient check that cannot fail is worthless: deliberately wrong gradients must be reported. */
class CheckerCanFailProperties {
    private static GradientCheckResult run(ScaleShiftLayer.Fault fault, Backend b, Tensor x, long seed) {
        return run(new ScaleShiftLayer(fault), b, x, seed);
    }

    private static GradientCheckResult run(ScaleShiftLayer layer, Backend b, Tensor x, long seed) {
        // samples >= size: every element is checked, so a single wrong element cannot hide
        return GradientCheck.create().backend(b).seed(seed).samples(1 << 12).layer(layer, x);
    }

    @Property
    void correctUserLayerPasses(@ForAll @IntRange(min = 1, max = 4) int batch, @ForAll @IntRange(min = 1, max = 5) int channels,
                                @ForAll long seed) {
        Tensor x = Inputs.uniform(new Random(seed), Inputs.batched(batch, channels, 3, 4), -1, 1);
        for (Backend b : AvailableBackends.all()) {
            GradientCheckResult r = run(ScaleShiftLayer.Fault.NONE, b, x, seed);
            assertTrue(r.passed(), r.toString());
        }
    }

    @Property
    void flippedSignIsCaughtAtItsIndex(@ForAll @IntRange(min = 1, max = 4) int batch,
                                       @ForAll @IntRange(min = 1, max = 5) int channels, @ForAll long seed) {
        Tensor x = Inputs.uniform(new Random(seed), Inputs.batched(batch, channels, 3, 4), -1, 1);
        for (Backend b : AvailableBackends.all()) {
            ScaleShiftLayer layer = new ScaleShiftLayer(ScaleShiftLayer.Fault.FLIPPED_SIGN);
            GradientCheckResult r = run(layer, b, x, seed);
            assertFalse(r.passed(), r.toString());
            TensorReport input = r.reports().get(0);
            assertFalse(input.passed());
            assertEquals(layer.flippedIndex(), input.worstIndex(), r.toString());
            assertTrue(r.reports().get(1).passed() && r.reports().get(2).passed(), "only the input gradient is wrong: " + r);
        }
    }

    @Property
    void offByOneIndexIsCaught(@ForAll @IntRange(min = 1, max = 4) int batch, @ForAll @IntRange(min = 1, max = 5) int channels,
                               @ForAll long seed) {
        Tensor x = Inputs.uniform(new Random(seed), Inputs.batched(batch, channels, 3, 4), -1, 1);
        for (Backend b : AvailableBackends.all()) {
            GradientCheckResult r = run(ScaleShiftLayer.Fault.OFF_BY_ONE, b, x, seed);
            assertFalse(r.reports().get(0).passed(), r.toString());
        }
    }

    @Property
    void missingTermIsCaughtInTheParameterGradient(@ForAll @IntRange(min = 2, max = 4) int batch,
                                                   @ForAll @IntRange(min = 1, max = 5) int channels, @ForAll long seed) {
        Tensor x = Inputs.uniform(new Random(seed), Inputs.batched(batch, channels, 3, 4), -1, 1);
        for (Backend b : AvailableBackends.all()) {
            GradientCheckResult r = run(ScaleShiftLayer.Fault.MISSING_TERM, b, x, seed);
            assertTrue(r.reports().get(0).passed(), "the input gradient is right: " + r);
            assertFalse(r.reports().get(1).passed() && r.reports().get(2).passed(), "gamma or beta must fail: " + r);
            assertFalse(r.passed());
        }
    }
}
