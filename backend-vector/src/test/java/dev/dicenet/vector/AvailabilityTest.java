package dev.dicenet.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.tensor.Backends;
import org.junit.jupiter.api.Test;

class AvailabilityTest {
    @Test
    void availableWithTheIncubatorModuleAndChosenFirst() {
        VectorBackendProvider p = new VectorBackendProvider();
        assertTrue(p.availability().isAvailable(), p.availability().reason());
        assertTrue(p.availability().reason().contains("float lanes"), p.availability().reason());
        assertEquals("vector", Backends.choose().backend().name());
    }

    @Test
    void propertyForcesTheScalarPath() {
        System.setProperty(VectorBackendProvider.DISABLE_PROPERTY, "true");
        try {
            VectorBackendProvider p = new VectorBackendProvider();
            assertFalse(p.availability().isAvailable());
            Backends.Choice c = Backends.choose();
            assertEquals("reference", c.backend().name());
            assertTrue(c.explanation().contains("vector (unavailable: disabled by -Ddicenet.vector.disable=true"),
                    c.explanation());
        } finally {
            System.clearProperty(VectorBackendProvider.DISABLE_PROPERTY);
        }
    }

    @Test
    void withoutTheIncubatorModuleTheReasonSaysHowToFixIt() throws Exception {
        // A child JVM without --add-modules: the provider must load and report the fix, not fail.
        String java = System.getProperty("java.home") + "/bin/java";
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.dicenet.vector.PrintAvailability").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("vector (rank 100): unavailable: start the JVM with --add-modules jdk.incubator.vector"), out);
        assertTrue(out.contains("backend reference chosen"), out);
    }
}
