package io.tributary.learner.nn;

import io.tributary.protocol.PolicySpec;

/** What a dense layer applies after its bias: the spec's hidden activations, and none for a head. */
public enum Activation {
    IDENTITY,
    TANH,
    RELU;

    /** The hidden-layer activation a {@link PolicySpec} names. */
    public static Activation of(PolicySpec.Activation a) {
        return switch (a) {
            case TANH -> TANH;
            case RELU -> RELU;
        };
    }
}
