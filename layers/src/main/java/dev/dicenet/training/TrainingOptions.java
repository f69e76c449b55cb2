package dev.dicenet.training;

import dev.dicenet.data.SegmentationData;
import dev.dicenet.tensor.Backend;
import java.io.PrintStream;

/**
 * MATLAB's trainingOptions: {@code trainingOptions("sgdm").initialLearnRate(0.01).maxEpochs(30)}.
 * Defaults are MATLAB's (InitialLearnRate 0.01 for sgdm and 0.001 for adam, MaxEpochs 30,
 * MiniBatchSize 128, Shuffle 'once', L2Regularization 1e-4, Momentum 0.9, GradientDecayFactor 0.9,
 * SquaredGradientDecayFactor 0.999, Epsilon 1e-8, LearnRateDropFactor 0.1, LearnRateDropPeriod 10,
 * ValidationFrequency 50, Verbose true, VerboseFrequency 50). Seed 0 unless set.
 */
public final class TrainingOptions {
    private final Solver solver;
    private double initialLearnRate;
    private int maxEpochs = 30;
    private int miniBatchSize = 128;
    private Shuffle shuffle = Shuffle.ONCE;
    private double l2Regularization = 1e-4;
    private double momentum = 0.9;
    private double gradientDecayFactor = 0.9;
    private double squaredGradientDecayFactor = 0.999;
    private double epsilon = 1e-8;
    private boolean piecewiseSchedule = false;
    private double learnRateDropFactor = 0.1;
    private int learnRateDropPeriod = 10;
    private SegmentationData validationData;
    private int validationFrequency = 50;
    private boolean verbose = true;
    private int verboseFrequency = 50;
    private PrintStream verboseOutput = System.out;
    private long seed = 0;
    private Backend backend;
    private TrainingListener listener = TrainingListener.NONE;
    private java.nio.file.Path checkpointFile;

    private TrainingOptions(Solver solver) {
        this.solver = solver;
        this.initialLearnRate = solver == Solver.ADAM ? 0.001 : 0.01;
    }

    /** trainingOptions(solverName): "sgdm" or "adam". */
    public static TrainingOptions trainingOptions(String solverName) {
        return new TrainingOptions(Solver.parse(solverName));
    }

    public TrainingOptions initialLearnRate(double v) {
        initialLearnRate = positive("InitialLearnRate", v);
        return this;
    }

    public TrainingOptions maxEpochs(int v) {
        maxEpochs = (int) positive("MaxEpochs", v);
        return this;
    }

    public TrainingOptions miniBatchSize(int v) {
        miniBatchSize = (int) positive("MiniBatchSize", v);
        return this;
    }

    public TrainingOptions shuffle(String v) {
        shuffle = Shuffle.parse(v);
        return this;
    }

    public TrainingOptions l2Regularization(double v) {
        l2Regularization = nonNegative("L2Regularization", v);
        return this;
    }

    public TrainingOptions momentum(double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("trainingOptions: Momentum must be in [0, 1], got " + v);
        }
        momentum = v;
        return this;
    }

    public TrainingOptions gradientDecayFactor(double v) {
        gradientDecayFactor = unitInterval("GradientDecayFactor", v);
        return this;
    }

    public TrainingOptions squaredGradientDecayFactor(double v) {
        squaredGradientDecayFactor = unitInterval("SquaredGradientDecayFactor", v);
        return this;
    }

    public TrainingOptions epsilon(double v) {
        epsilon = positive("Epsilon", v);
        return this;
    }

    /** LearnRateSchedule: "none" or "piecewise". */
    public TrainingOptions learnRateSchedule(String v) {
        if ("piecewise".equalsIgnoreCase(v)) {
            piecewiseSchedule = true;
        } else if ("none".equalsIgnoreCase(v)) {
            piecewiseSchedule = false;
        } else {
            throw new IllegalArgumentException("trainingOptions: LearnRateSchedule must be none or piecewise, got '"
                    + v + "'");
        }
        return this;
    }

    public TrainingOptions learnRateDropFactor(double v) {
        learnRateDropFactor = unitInterval("LearnRateDropFactor", v);
        return this;
    }

    public TrainingOptions learnRateDropPeriod(int v) {
        learnRateDropPeriod = (int) positive("LearnRateDropPeriod", v);
        return this;
    }

    public TrainingOptions validationData(SegmentationData v) {
        validationData = v;
        return this;
    }

    public TrainingOptions validationFrequency(int v) {
        validationFrequency = (int) positive("ValidationFrequency", v);
        return this;
    }

    public TrainingOptions verbose(boolean v) {
        verbose = v;
        return this;
    }

    public TrainingOptions verboseFrequency(int v) {
        verboseFrequency = (int) positive("VerboseFrequency", v);
        return this;
    }

    /** Where the verbose progress table goes (System.out by default). */
    public TrainingOptions verboseOutput(PrintStream out) {
        verboseOutput = out;
        return this;
    }

    /** The seed of initialization and shuffling: the same seed repeats a run bit for bit on one backend. */
    public TrainingOptions seed(long v) {
        seed = v;
        return this;
    }

    /** The backend to train on; the best available one ({@code Backends.best()}) when not set. */
    public TrainingOptions backend(Backend v) {
        backend = v;
        return this;
    }

    /** Called after every iteration, e.g. for a progress bar or a loss curve. */
    public TrainingOptions listener(TrainingListener v) {
        listener = v == null ? TrainingListener.NONE : v;
        return this;
    }

    /**
     * After every epoch, save the network and the training state to this file, atomically (a crash
     * or a diverging run leaves the last good checkpoint); {@link Trainer#resumeTraining} continues
     * from it bit for bit.
     */
    public TrainingOptions checkpointFile(java.nio.file.Path file) {
        checkpointFile = file;
        return this;
    }

    public java.nio.file.Path checkpointFile() {
        return checkpointFile;
    }

    public Solver solver() {
        return solver;
    }

    public double initialLearnRate() {
        return initialLearnRate;
    }

    public int maxEpochs() {
        return maxEpochs;
    }

    public int miniBatchSize() {
        return miniBatchSize;
    }

    public Shuffle shuffle() {
        return shuffle;
    }

    public double l2Regularization() {
        return l2Regularization;
    }

    public double momentum() {
        return momentum;
    }

    public double gradientDecayFactor() {
        return gradientDecayFactor;
    }

    public double squaredGradientDecayFactor() {
        return squaredGradientDecayFactor;
    }

    public double epsilon() {
        return epsilon;
    }

    public SegmentationData validationData() {
        return validationData;
    }

    public int validationFrequency() {
        return validationFrequency;
    }

    public boolean verbose() {
        return verbose;
    }

    public int verboseFrequency() {
        return verboseFrequency;
    }

    public PrintStream verboseOutput() {
        return verboseOutput;
    }

    public long seed() {
        return seed;
    }

    public Backend backend() {
        return backend;
    }

    public TrainingListener listener() {
        return listener;
    }

    /** The learning rate in a (1-based) epoch: piecewise drops by the factor every period. */
    public double learnRate(int epoch) {
        if (!piecewiseSchedule) {
            return initialLearnRate;
        }
        return initialLearnRate * Math.pow(learnRateDropFactor, (epoch - 1) / learnRateDropPeriod);
    }

    private static double positive(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("trainingOptions: " + what + " must be a finite number > 0, got " + v);
        }
        return v;
    }

    private static double nonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("trainingOptions: " + what + " must be a finite number >= 0, got " + v);
        }
        return v;
    }

    private static double unitInterval(String what, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException("trainingOptions: " + what + " must be in [0, 1), got " + v);
        }
        return v;
    }
}
