package io.tributary.learner.nn.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CUDA tests' device: one {@link CudaBackend} per test JVM (one NVRTC compile), or a JUnit assumption failure
 * that says why there is none (the library search's message), so that the tests skip on machines without a GPU
 * and run the same checks as the CPU tests where there is one.
 */
public final class CudaTestDevice {

    private static CudaBackend backend;

    private CudaTestDevice() {}

    public static synchronized CudaBackend backend() {
        String reason = CudaNative.unavailableReason();
        assumeTrue(reason == null, () -> "no usable CUDA device here, so this GPU check is skipped: " + reason);
        if (backend == null) backend = CudaBackend.open(Integer.getInteger("tributary.cuda.test.device", 0));
        return backend;
    }
}
