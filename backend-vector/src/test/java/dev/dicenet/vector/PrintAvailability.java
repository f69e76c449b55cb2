package dev.dicenet.vector;

import dev.dicenet.tensor.Backends;

/** Prints what Backends finds, for the test that runs it in a JVM without the incubator module. */
final class PrintAvailability {
    private PrintAvailability() {
    }

    public static void main(String[] args) {
        System.out.println(Backends.describe(Backends.discover()));
        System.out.println(Backends.choose().explanation());
    }
}
