package dev.dicenet.cli;

import dev.dicenet.tensor.Backends;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The backends found, whether each can run here and why, and which would be chosen. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List the backends on the class path, whether each is available in this JVM and why, and "
                + "which one would be chosen (override with --backend, -Ddicenet.backend or DICENET_BACKEND).")
final class BackendsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println(Backends.describe(Backends.discover()));
        System.out.println();
        System.out.println(Backends.choose().explanation());
        return 0;
    }
}
