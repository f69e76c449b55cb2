package dev.dicenet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The dicenet command. */
@Command(name = "dicenet", mixinStandardHelpOptions = true, version = "dicenet 0.1.0",
        description = "Train and run segmentation networks with the generalized Dice loss, in pure Java.",
        subcommands = {DemoCommand.class, TrainCommand.class, PredictCommand.class, EvaluateCommand.class,
            SummaryCommand.class, BackendsCommand.class, GradcheckCommand.class, ImportTorchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command; bad input ends with a one-line message and exit code 2, not a stack trace. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof java.io.IOException) {
                line.getErr().println("dicenet: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl.execute(args);
    }
}
