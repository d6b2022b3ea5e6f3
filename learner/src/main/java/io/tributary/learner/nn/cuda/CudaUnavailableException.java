package io.tributary.learner.nn.cuda;

/**
 * CUDA was asked for and cannot be used here: a library is missing (the message names it and every place searched),
 * or the runtime reports no usable device. Thrown before any training starts; the command line turns it into exit 2.
 */
public final class CudaUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CudaUnavailableException(String message) {
        super(message);
    }

    public CudaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
