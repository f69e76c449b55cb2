package dev.dicenet.aparapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.testing.AgreementContract;
import net.jqwik.api.Example;

/**
 * The OpenCL backend agrees with the reference backend on every op ({@link AgreementContract}), with
 * every execution checked to have run as OpenCL (the tests run with -Ddicenet.requireOpenCL=true).
 */
class AparapiAgreementProperties extends AgreementContract {
    @Override
    protected Backend candidate() {
        return SharedBackend.get();
    }

    /** The contract's properties (inherited) run against this backend, not a stand-in. */
    @Example
    void theCandidateIsTheOpenCLBackend() {
        assertEquals(AparapiBackend.NAME, candidate().name());
    }
}
