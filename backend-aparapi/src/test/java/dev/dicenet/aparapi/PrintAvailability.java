package dev.dicenet.aparapi;

import dev.dicenet.tensor.Backends;

/** Prints what Backends finds, for the tests that run it in a child JVM (no driver, no signal chaining...). */
final class PrintAvailability {
    private PrintAvailability() {
    }

    /** Optional argument: milliseconds to stay alive afterwards (for -Xcheck:jni's signal handler checks). */
    public static void main(String[] args) throws InterruptedException {
        System.out.println(Backends.describe(Backends.discover()));
        System.out.println(Backends.choose().explanation());
        if (args.length > 0) {
            Thread.sleep(Long.parseLong(args[0]));
        }
        System.out.println("exiting normally");
    }
}
