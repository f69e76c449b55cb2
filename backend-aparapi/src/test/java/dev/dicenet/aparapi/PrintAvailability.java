package dev.dicenet.aparapi;

import dev.dicenet.tensor.Backends;

/** Prints what Backends finds, for the tests that run it in a JVM without an OpenCL driver. */
final class PrintAvailability {
    private PrintAvailability() {
    }

    public static void main(String[] args) {
        System.out.println(Backends.describe(Backends.discover()));
        System.out.println(Backends.choose().explanation());
    }
}
