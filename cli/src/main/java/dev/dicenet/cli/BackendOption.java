package dev.dicenet.cli;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.Backends;
import picocli.CommandLine.Option;

/** --backend NAME, else the dicenet.backend property / DICENET_BACKEND variable, else the best available. */
final class BackendOption {
    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend to run on (see 'dicenet backends'); default: the best available.")
    String name;

    Backend choose(boolean verbose) {
        Backends.Choice c = name == null ? Backends.choose() : Backends.choose(name, "--backend");
        if (verbose) {
            System.out.println(c.explanation());
        }
        return c.backend();
    }
}
