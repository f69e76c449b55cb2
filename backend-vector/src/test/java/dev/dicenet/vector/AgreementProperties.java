package dev.dicenet.vector;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.testing.AgreementContract;

/** The vector backend (2 threads) agrees with the reference backend: see {@link AgreementContract}. */
class AgreementProperties extends AgreementContract {
    @Override
    protected Backend candidate() {
        return new VectorBackend(2);
    }
}
