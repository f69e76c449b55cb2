package dev.dicenet.cli;

import dev.dicenet.training.IterationInfo;
import dev.dicenet.training.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar with the mini-batch loss and accuracy; keeps the loss history for the curve. */
final class ProgressDisplay implements TrainingListener, AutoCloseable {
    private final String task;
    private ProgressBar bar;
    private final List<double[]> losses = new ArrayList<>(); // iteration, loss, validation loss

    ProgressDisplay(String task) {
        this.task = task;
    }

    /** Keeps the loss history without drawing a bar. */
    void record(IterationInfo info) {
        losses.add(new double[] {info.iteration(), info.loss(), info.validationLoss()});
    }

    @Override
    public void iterationDone(IterationInfo info) {
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(info.iterationsTotal())
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate()
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.out, 110)).build();
        }
        bar.stepTo(info.iteration());
        bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d loss %.4f acc %.1f%%", info.epoch(), info.loss(),
                100 * info.accuracy()));
        record(info);
    }

    List<double[]> losses() {
        return losses;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
