package dev.dicenet.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentationMetricsTest {
    @Test
    void handCountedConfusionAndScores() {
        // truth     0 0 0 1 1 -1 | predicted 0 0 1 1 0 2  (class 2 absent from truth, predicted once at void)
        SegmentationMetrics m = new SegmentationMetrics(List.of("a", "b", "c", "d"));
        m.add(LabelMap.of(Shape.of(1, 6), 0, 0, 1, 1, 0, 2), LabelMap.of(Shape.of(1, 6), 0, 0, 0, 1, 1, -1));
        long[][] c = m.confusionMatrix();
        assertArrayEquals(new long[] {2, 1, 0, 0}, c[0]);
        assertArrayEquals(new long[] {1, 1, 0, 0}, c[1]);
        double[] acc = m.classAccuracy();
        assertEquals(2.0 / 3, acc[0], 1e-12);
        assertEquals(0.5, acc[1], 1e-12);
        assertTrue(Double.isNaN(acc[2]) && Double.isNaN(acc[3]));
        double[] iou = m.classIoU();
        assertEquals(2.0 / 4, iou[0], 1e-12); // TP 2, FP 1, FN 1
        assertEquals(1.0 / 3, iou[1], 1e-12); // TP 1, FP 1, FN 1
        assertTrue(Double.isNaN(iou[2]), "absent from truth and (defined) prediction: NaN, not 0 or 1");
        double[] dice = m.classDice();
        assertEquals(4.0 / 6, dice[0], 1e-12);
        assertEquals(2.0 / 4, dice[1], 1e-12);
        assertEquals(3.0 / 5, m.globalAccuracy(), 1e-12);
        assertEquals((2.0 / 3 + 0.5) / 2, m.meanAccuracy(), 1e-12);
        assertEquals((0.5 + 1.0 / 3) / 2, m.meanIoU(), 1e-12);
        assertEquals((3 * 0.5 + 2 * (1.0 / 3)) / 5, m.weightedIoU(), 1e-12);
        // generalized Dice score: w = (1/9, 1/4); 2(2/9 + 1/4) / ((3+3)/9 + (2+2)/4)
        assertEquals(2 * (2.0 / 9 + 1.0 / 4) / (6.0 / 9 + 1), m.meanGeneralizedDice(), 1e-12);
        assertTrue(m.table().contains("NaN"));
    }

    @Test
    void accumulatesOverBatches() {
        SegmentationMetrics all = new SegmentationMetrics(List.of("a", "b"));
        all.add(LabelMap.of(Shape.of(2, 2), 0, 1, 1, 1), LabelMap.of(Shape.of(2, 2), 0, 1, 0, 1));
        SegmentationMetrics split = new SegmentationMetrics(List.of("a", "b"));
        split.add(LabelMap.of(Shape.of(1, 2), 0, 1), LabelMap.of(Shape.of(1, 2), 0, 1));
        split.add(LabelMap.of(Shape.of(1, 2), 1, 1), LabelMap.of(Shape.of(1, 2), 0, 1));
        assertArrayEquals(all.classIoU(), split.classIoU());
        assertArrayEquals(all.generalizedDiceScores(), split.generalizedDiceScores());
        assertEquals(2, split.generalizedDiceScores().length);
        assertEquals(1.0, split.generalizedDiceScores()[0], 1e-12);
    }
}
