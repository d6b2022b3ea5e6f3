package io.tributary.learner.nn;

import io.tributary.learner.nn.cuda.CudaTestDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link InferenceAgreementTest}'s check with the learner's networks on the CUDA backend (cuBLAS sgemm, the NVRTC
 * kernels): the actors' plain-Java forward pass agrees with it to the same 1e-5 (float32 on both sides; the GPU's
 * tanhf is within 2 ulp, summation order differs). Skipped, with the reason, where no CUDA device is usable.
 */
class CudaInferenceAgreementTest {

    @ParameterizedTest(name = "obs={0} act={1} hidden={2} {3}")
    @CsvSource({
        "17, 6, 64;64, tanh",
        "3, 1, 64;64, tanh",
        "24, 4, 256;128;64, relu",
        "67, 21, 32, tanh",
    })
    void actorMeanValueAndLogProbAgreeOnTheGpu(int obsDim, int actDim, String hidden, String activation) {
        InferenceAgreementTest.check(obsDim, actDim, hidden, activation,
                spec -> new ActorCriticNet(spec, CudaTestDevice.backend()));
    }
}
