package dev.dicenet.cli;

import dev.dicenet.metrics.SegmentationMetrics;
import java.util.List;
import java.util.Locale;

/** Side-by-side per-class Dice and IoU of two runs. */
final class MetricsTable {
    private MetricsTable() {
    }

    static String compare(List<String> classes, String a, SegmentationMetrics ma, String b, SegmentationMetrics mb) {
        int width = Math.max(8, classes.stream().mapToInt(String::length).max().orElse(8));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  %21s  %21s%n", "", a, b));
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  %10s %10s  %10s %10s%n", "class", "Dice", "IoU", "Dice", "IoU"));
        double[] da = ma.classDice();
        double[] ia = ma.classIoU();
        double[] db = mb.classDice();
        double[] ib = mb.classIoU();
        for (int k = 0; k < classes.size(); k++) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %10s %10s  %10s %10s%n", classes.get(k),
                    f(da[k]), f(ia[k]), f(db[k]), f(ib[k])));
        }
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  %10s %10s  %10s %10s%n", "mean", f(ma.meanDice()),
                f(ma.meanIoU()), f(mb.meanDice()), f(mb.meanIoU())));
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  %21s  %21s%n", "global accuracy", f(ma.globalAccuracy()),
                f(mb.globalAccuracy())));
        return sb.toString();
    }

    static String f(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4f", v);
    }
}
