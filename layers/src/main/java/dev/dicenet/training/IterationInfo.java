package dev.dicenet.training;

/**
 * One row of training progress. Accuracy is over the defined pixels of the mini-batch; the
 * validation loss is NaN on iterations without validation.
 */
public final class IterationInfo {
    private final int epoch;
    private final int iteration;
    private final int iterationsTotal;
    private final double elapsedSeconds;
    private final double loss;
    private final double accuracy;
    private final double learnRate;
    private final double validationLoss;

    public IterationInfo(int epoch, int iteration, int iterationsTotal, double elapsedSeconds, double loss,
                         double accuracy, double learnRate, double validationLoss) {
        this.epoch = epoch;
        this.iteration = iteration;
        this.iterationsTotal = iterationsTotal;
        this.elapsedSeconds = elapsedSeconds;
        this.loss = loss;
        this.accuracy = accuracy;
        this.learnRate = learnRate;
        this.validationLoss = validationLoss;
    }

    public int epoch() {
        return epoch;
    }

    public int iteration() {
        return iteration;
    }

    public int iterationsTotal() {
        return iterationsTotal;
    }

    public double elapsedSeconds() {
        return elapsedSeconds;
    }

    public double loss() {
        return loss;
    }

    public double accuracy() {
        return accuracy;
    }

    public double learnRate() {
        return learnRate;
    }

    public double validationLoss() {
        return validationLoss;
    }
}
