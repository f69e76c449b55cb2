package dev.dicenet.cli;

import dev.dicenet.gradcheck.GradientCheckResult;
import dev.dicenet.gradcheck.StandardChecks;
import dev.dicenet.gradcheck.TensorReport;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.Backends;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Gradient checks of every layer on every available backend, as a table. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = "Check the analytic gradients of every layer type (and the example network) against central "
                + "differences on every available backend, and print a table of the largest relative errors. Exit "
                + "code 1 if any check fails.")
final class GradcheckCommand implements Callable<Integer> {
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--details", description = "Print every tensor's report, not just the table.")
    boolean details;

    @Override
    public Integer call() {
        List<Backend> backends = new ArrayList<>();
        for (Backends.Candidate c : Backends.discover()) {
            if (c.isAvailable()) {
                backends.add(c.create());
            }
        }
        Map<String, Map<String, GradientCheckResult>> results = new LinkedHashMap<>();
        for (Backend b : backends) {
            results.put(b.name(), StandardChecks.run(b, seed));
        }
        List<String> checks = new ArrayList<>(results.values().iterator().next().keySet());
        int width = checks.stream().mapToInt(String::length).max().orElse(10);
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", "check"));
        for (String b : results.keySet()) {
            head.append(String.format(Locale.ROOT, "  %-22s", b + " (max rel err)"));
        }
        System.out.println(head);
        boolean ok = true;
        for (String check : checks) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", check));
            for (Map<String, GradientCheckResult> perBackend : results.values()) {
                GradientCheckResult r = perBackend.get(check);
                double worst = r.reports().stream().mapToDouble(TensorReport::maxRelError).max().orElse(0);
                row.append(String.format(Locale.ROOT, "  %-4s %-17.2e", r.passed() ? "PASS" : "FAIL", worst));
                ok &= r.passed();
                if (details || !r.passed()) {
                    System.out.println(r);
                }
            }
            System.out.println(row);
        }
        System.out.println();
        System.out.println("Element check: |a - n| <= 1e-3 max|n| + 1e-2 max(|a|, |n|), central differences with step 1e-2 "
                + "(1e-3 for losses and the network), plus a random-direction check. Max rel err is over checked elements "
                + "and includes near-zero entries judged by the absolute floor.");
        System.out.println(ok ? "All gradient checks passed." : "SOME GRADIENT CHECKS FAILED.");
        return ok ? 0 : 1;
    }
}
