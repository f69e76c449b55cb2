package dev.dicenet.properties;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.Backends;
import java.util.ArrayList;
import java.util.List;

/**
 * Every backend available in this JVM (the reference always; vector and aparapi when their modules
 * are on the class path and can run). Set -Ddicenet.requireBackends=a,b to fail when one is missing;
 * -Ddicenet.requireOpenCL=true requires aparapi too.
 */
final class AvailableBackends {
    private static final List<Backend> ALL = discover();

    private AvailableBackends() {
    }

    static List<Backend> all() {
        return ALL;
    }

    private static List<Backend> discover() {
        List<Backend> list = new ArrayList<>();
        for (Backends.Candidate c : Backends.discover()) {
            if (c.isAvailable()) {
                list.add(c.create());
            }
        }
        String required = System.getProperty("dicenet.requireBackends", "")
                + (Boolean.getBoolean("dicenet.requireOpenCL") ? ",aparapi" : "");
        for (String name : required.split(",")) {
            if (!name.isBlank() && list.stream().noneMatch(b -> b.name().equals(name.trim()))) {
                throw new IllegalStateException("backend '" + name.trim() + "' is required but not available:\n"
                        + Backends.describe(Backends.discover())
                        + (name.trim().equals("aparapi") ? "\n(-Ddicenet.requireOpenCL=false runs the suite without it)" : ""));
            }
        }
        return list;
    }
}
