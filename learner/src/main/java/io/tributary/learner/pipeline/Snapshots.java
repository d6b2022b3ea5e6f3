package io.tributary.learner.pipeline;

import io.tributary.policy.norm.NormalizationStats;
import io.tributary.policy.PolicySnapshot;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.WeightsBroadcast;

/** Puts a trained version into the wire form that the broadcast and {@code final-weights.bin} both send. */
final class Snapshots {

    private Snapshots() {}

    static void toWire(PolicySnapshot s, WeightsBroadcast into) {
        PolicySpec spec = s.spec();
        into.version = s.version();
        into.specHash = spec.hash();
        System.arraycopy(s.weights(), 0, into.weights, 0, spec.parameterCount());
        NormalizationStats n = s.stats();
        into.obsCount = n.obsCount();
        System.arraycopy(n.obsMean(), 0, into.obsMean, 0, spec.observationDim());
        System.arraycopy(n.obsVar(), 0, into.obsVar, 0, spec.observationDim());
        into.returnVar = n.returnVar();
    }
}
