package io.tributary.actors;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.policy.norm.RunningNormalization;
import io.tributary.policy.PolicyInputs;
import io.tributary.protocol.PolicyVersion;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.SyncVectorEnv;
import io.tributary.envs.wrappers.CleanRlWrappers;
import io.tributary.envs.wrappers.EnvWrapper;
import io.tributary.envs.wrappers.RecordEpisodeStatistics;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The worker's in-line CleanRL stack (clip action, normalize observation + clip, normalize reward + clip, raw
 * episode statistics) against the envs module's wrapper classes stepped with the same actions: the policy inputs,
 * the training rewards, the final observations and the episode returns must be the same numbers.
 */
class RolloutWorkerCleanRlParityTest {

    @Test
    void matchesGymnasiumWrapperStackStepForStep() {
        int numEnvs = 2;
        int steps = 260; // crosses the 200-step time limit, so autoreset and final observations are exercised
        PolicySpec spec = PolicySpec.cleanRl(3, 1);
        float[] w = new float[spec.parameterCount()];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < w.length; i++) w[i] = (float) (0.3 * r.nextGaussian());
        PolicyVersion snapshot = new PolicyVersion(spec).setWeights(w);

        SyncVectorEnv raw = SyncVectorEnv.of(numEnvs, () -> EnvRegistry.make("Pendulum-v1"));
        RolloutWorker worker = new RolloutWorker(raw, spec, new RunningNormalization(numEnvs, 3, 0.99), 11, 0.0);
        worker.reset(1);
        TrajectoryFragment[] frags = {new TrajectoryFragment(numEnvs, steps, 3, 1), new TrajectoryFragment(numEnvs, steps, 3, 1)};
        PolicyInputs[] seen = {new PolicyInputs(numEnvs, steps, 3), new PolicyInputs(numEnvs, steps, 3)};
        for (int k = 0; k < frags.length; k++) {
            // copy out: the worker reuses nothing across fragments here, but keep the test independent of that
            worker.collect(snapshot, frags[k], seen[k]);
        }

        SyncVectorEnv ref = SyncVectorEnv.of(numEnvs, () -> CleanRlWrappers.wrap(EnvRegistry.make("Pendulum-v1"), 0.99));
        ref.reset(1);
        double[] action = new double[numEnvs];
        double[] fin = new double[3];
        List<Double> refReturns = new ArrayList<>();
        List<Double> workerReturns = new ArrayList<>();
        for (int k = 0; k < frags.length; k++) {
            TrajectoryFragment f = frags[k];
            PolicyInputs in = seen[k];
            for (int e = 0; e < f.episodeCount; e++) workerReturns.add(f.episodeReturns[e]);
            for (int t = 0; t < steps; t++) {
                for (int n = 0; n < numEnvs; n++) {
                    int row = t * numEnvs + n;
                    for (int i = 0; i < 3; i++) {
                        assertEquals((float) ref.observations()[n * 3 + i], in.observations[row * 3 + i],
                                "policy observation t=" + t + " env " + n);
                    }
                    action[n] = f.actions[row];
                }
                ref.step(action);
                for (int n = 0; n < numEnvs; n++) {
                    int row = t * numEnvs + n;
                    assertEquals((float) ref.rewards()[n], in.rewards[row], "train reward t=" + t + " env " + n);
                    assertEquals(ref.truncated()[n], f.truncated[row]);
                    assertEquals(ref.terminated()[n], f.terminated[row]);
                    if (ref.done(n)) {
                        ref.finalObservation(n, fin, 0);
                        for (int i = 0; i < 3; i++) assertEquals(fin[i], in.finalObservations[row * 3 + i], 1e-6);
                        RecordEpisodeStatistics stats = EnvWrapper.find(ref.env(n), RecordEpisodeStatistics.class);
                        refReturns.add(stats.lastReturn());
                    }
                }
            }
            for (int i = 0; i < numEnvs * 3; i++) {
                assertEquals((float) ref.observations()[i], in.nextObservations[i], "next observation " + i);
            }
        }
        assertEquals(refReturns.size(), workerReturns.size());
        assertTrue(refReturns.size() >= 4, "episodes finished: " + refReturns.size());
        for (int i = 0; i < refReturns.size(); i++) {
            // Gymnasium accumulates the episode return in float32; the worker in float64
            assertEquals(refReturns.get(i), workerReturns.get(i), 1e-3 * Math.abs(refReturns.get(i)));
        }
    }
}
