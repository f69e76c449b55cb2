package dev.dicenet.aparapi;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.testing.AgreementContract;

/**
 * The OpenCL backend agrees with the reference backend on every op ({@link AgreementContract}), with
 * every execution checked to have run as OpenCL (the tests run with -Ddicenet.requireOpenCL=true).
 */
class AparapiAgreementProperties extends AgreementContract {
    @Override
    protected Backend candidate() {
        return SharedBackend.get();
    }
}
