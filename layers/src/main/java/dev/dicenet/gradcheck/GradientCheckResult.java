package dev.dicenet.gradcheck;

import java.util.List;
import java.util.stream.Collectors;

/** Reports for the input gradient and every parameter gradient of one check. */
public final class GradientCheckResult {
    private final String subject;
    private final List<TensorReport> reports;

    GradientCheckResult(String subject, List<TensorReport> reports) {
        this.subject = subject;
        this.reports = List.copyOf(reports);
    }

    public String subject() {
        return subject;
    }

    public List<TensorReport> reports() {
        return reports;
    }

    public boolean passed() {
        return reports.stream().allMatch(TensorReport::passed);
    }

    /** The first failing report, if any. */
    public java.util.Optional<TensorReport> firstFailure() {
        return reports.stream().filter(r -> !r.passed()).findFirst();
    }

    /** Throws an AssertionError with the whole report unless every gradient passed. */
    public GradientCheckResult assertPassed() {
        if (!passed()) {
            throw new AssertionError("gradient check failed: " + this);
        }
        return this;
    }

    @Override
    public String toString() {
        return subject + "\n" + reports.stream().map(r -> "  " + r).collect(Collectors.joining("\n"));
    }
}
