package io.tributary.policy.random;

import java.util.random.RandomGenerator;

/** A random generator whose whole state can be read and restored, so that a resumed run draws the same numbers. */
public interface CheckpointableRandom extends RandomGenerator {

    /** A copy of the state. */
    long[] state();

    /** Continues from a state {@link #state()} returned (of this generator's kind). */
    void restore(long[] state);
}
