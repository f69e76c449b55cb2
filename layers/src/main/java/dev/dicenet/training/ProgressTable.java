package dev.dicenet.training;

import java.io.PrintStream;
import java.util.Locale;

/** MATLAB's verbose training table: epoch, iteration, time, mini-batch loss and accuracy, validation loss. */
final class ProgressTable {
    private static final String RULE = "|" + "=".repeat(103) + "|";
    private final PrintStream out;

    ProgressTable(PrintStream out) {
        this.out = out;
    }

    void header() {
        out.println(RULE);
        out.println("|  Epoch  |  Iteration  |  Time Elapsed  |  Mini-batch  |  Mini-batch  |  Validation  "
                + "|  Base Learning  |");
        out.println("|         |             |   (hh:mm:ss)   |   Accuracy   |     Loss     |     Loss     "
                + "|      Rate       |");
        out.println(RULE);
    }

    void row(IterationInfo i) {
        long s = (long) i.elapsedSeconds();
        String time = String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        String validation = Double.isNaN(i.validationLoss()) ? "" : String.format(Locale.ROOT, "%.4f", i.validationLoss());
        out.println(String.format(Locale.ROOT, "| %7d | %11d | %14s | %11.2f%% | %12.4f | %12s | %15.4g |",
                i.epoch(), i.iteration(), time, 100 * i.accuracy(), i.loss(), validation, i.learnRate()));
    }

    void footer() {
        out.println(RULE);
    }
}
