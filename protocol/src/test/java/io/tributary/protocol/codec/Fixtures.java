package io.tributary.protocol.codec;

import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import io.tributary.protocol.PolicyVersion;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

/** Synthetic fragments and broadcasts with every field set to something distinguishable. */
final class Fixtures {

    private Fixtures() {}

    static TrajectoryFragment fragment(PolicySpec spec, int numEnvs, int steps, long seed) {
        Random rnd = new Random(seed);
        TrajectoryFragment f = new TrajectoryFragment(numEnvs, steps, spec.observationDim(), spec.actionDim());
        f.actorId = rnd.nextInt(100);
        f.sequence = rnd.nextInt(1_000_000);
        f.policyVersion = rnd.nextInt(1000);
        f.specHash = spec.hash();
        for (int i = 0; i < f.observations.length; i++) f.observations[i] = (float) rnd.nextGaussian();
        for (int i = 0; i < f.actions.length; i++) f.actions[i] = (float) rnd.nextGaussian();
        for (int r = 0; r < f.rows(); r++) {
            f.logProbs[r] = (float) -rnd.nextDouble();
            f.rewards[r] = (float) rnd.nextGaussian();
            f.terminated[r] = rnd.nextInt(10) == 0;
            f.truncated[r] = !f.terminated[r] && rnd.nextInt(10) == 0;
            for (int i = 0; i < f.observationDim; i++) {
                f.finalObservations[r * f.observationDim + i] = f.truncated[r] ? (float) rnd.nextGaussian() : 0f;
            }
            if (f.terminated[r] || f.truncated[r]) f.addEpisode(rnd.nextGaussian() * 100, 1 + rnd.nextInt(1000));
        }
        for (int i = 0; i < f.nextObservations.length; i++) f.nextObservations[i] = (float) rnd.nextGaussian();
        return f;
    }

    static PolicyVersion weights(PolicySpec spec, long version, long seed) {
        Random rnd = new Random(seed);
        PolicyVersion w = new PolicyVersion(spec);
        w.version = version;
        for (int i = 0; i < w.weights.length; i++) w.weights[i] = (float) rnd.nextGaussian();
        w.obsCount = 12345;
        for (int i = 0; i < w.observationDim; i++) {
            w.obsMean[i] = rnd.nextGaussian();
            w.obsVar[i] = rnd.nextDouble();
        }
        return w;
    }

    static DropCounters counters(String stream) {
        CountersManager cm = new CountersManager(new UnsafeBuffer(new byte[1 << 16]), new UnsafeBuffer(new byte[1 << 14]));
        return new DropCounters(stream, (type, label) -> cm.newCounter(label, type));
    }
}
