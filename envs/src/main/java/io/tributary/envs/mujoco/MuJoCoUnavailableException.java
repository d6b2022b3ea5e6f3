package io.tributary.envs.mujoco;

/** MuJoCo or Tributary's shim could not be loaded; the message says what to install or configure. */
public final class MuJoCoUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MuJoCoUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
