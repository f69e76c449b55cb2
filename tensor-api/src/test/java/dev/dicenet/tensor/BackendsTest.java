package dev.dicenet.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackendsTest {
    @Test
    void discoversTheReferenceBackend() {
        assertTrue(Backends.discover().stream().anyMatch(c -> c.name().equals("reference") && c.isAvailable()));
    }

    @Test
    void choosesByName() {
        Backends.Choice c = Backends.choose("REFERENCE", "a test");
        assertEquals("reference", c.backend().name());
        assertTrue(c.explanation().contains("chosen by a test"), c.explanation());
    }

    @Test
    void unknownNameListsTheAvailableOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backends.choose("cuda", "system property dicenet.backend"));
        assertTrue(e.getMessage().startsWith("unknown backend 'cuda' (system property dicenet.backend)"), e.getMessage());
        assertTrue(e.getMessage().contains("available: [") && e.getMessage().contains("reference"), e.getMessage());
    }

    @Test
    void systemPropertyOverrides() {
        String old = System.getProperty(Backends.PROPERTY);
        try {
            System.setProperty(Backends.PROPERTY, "reference");
            assertTrue(Backends.choose().explanation().contains("system property dicenet.backend"));
            System.setProperty(Backends.PROPERTY, "nope");
            assertThrows(IllegalArgumentException.class, Backends::choose);
        } finally {
            if (old == null) {
                System.clearProperty(Backends.PROPERTY);
            } else {
                System.setProperty(Backends.PROPERTY, old);
            }
        }
    }
}
