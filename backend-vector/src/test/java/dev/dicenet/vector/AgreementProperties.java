package dev.dicenet.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.testing.AgreementContract;
import net.jqwik.api.Example;

/** The vector backend (2 threads) agrees with the reference backend: see {@link AgreementContract}. */
class AgreementProperties extends AgreementContract {
    @Override
    protected Backend candidate() {
        return new VectorBackend(2);
    }

    /** The contract's properties (inherited) run against this backend, not a stand-in. */
    @Example
    void theCandidateIsTheVectorBackend() {
        assertEquals(VectorBackend.NAME, candidate().name());
    }
}
