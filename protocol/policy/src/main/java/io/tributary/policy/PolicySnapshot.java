package io.tributary.policy;

import io.tributary.policy.norm.NormalizationStats;
import io.tributary.protocol.PolicySpec;

/**
 * One version of the policy as an actor holds it: the network shape, the flat weights in {@link PolicySpec}'s
 * layout, and the normalization statistics the learner had when it published this version. Immutable once
 * built; the weights array is owned by the snapshot.
 *
 * @param weights either the whole flat vector or only its policy prefix ({@link PolicySpec#policyParameterCount()})
 * @param stats   observation/return statistics to normalize with in the frozen-statistics mode; may be null when
 *                the actor keeps its own running statistics (single-process CleanRL mode)
 */
public record PolicySnapshot(long version, PolicySpec spec, float[] weights, NormalizationStats stats) {

    public PolicySnapshot {
        if (spec == null) throw new IllegalArgumentException("spec must not be null");
        if (weights == null || weights.length < spec.policyParameterCount()) {
            throw new IllegalArgumentException("weights have " + (weights == null ? "no" : weights.length)
                    + " floats; the policy " + spec + " needs at least " + spec.policyParameterCount());
        }
        if (stats != null && stats.observationDim() != spec.observationDim()) {
            throw new IllegalArgumentException("normalization stats are for " + stats.observationDim()
                    + " observation elements, the spec has " + spec.observationDim());
        }
    }
}
