package io.tributary.learner.nn.cuda;

/** A CUDA runtime, cuBLAS or NVRTC call failed after start-up; the message names the call and the library's error. */
public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CudaException(String message) {
        super(message);
    }
}
