package dev.dicenet.training;

/** Training stopped because the loss became NaN or infinite. */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }

    public TrainingDivergedException(String message, Throwable cause) {
        super(message, cause);
    }
}
