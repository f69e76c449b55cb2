package dev.dicenet.tensor;

/** Registers the {@link ReferenceBackend}, which is always available. */
public final class ReferenceBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return ReferenceBackend.NAME;
    }

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public Availability availability() {
        return Availability.available("scalar Java, single-threaded, needs no JVM flags");
    }

    @Override
    public Backend create() {
        return new ReferenceBackend();
    }
}
