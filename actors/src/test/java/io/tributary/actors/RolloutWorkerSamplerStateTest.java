package io.tributary.actors;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.envs.EnvRegistry;
import io.tributary.envs.SyncVectorEnv;
import io.tributary.policy.norm.FrozenNormalization;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import io.tributary.protocol.TrajectoryFragment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The rollout's sampling generator is part of what a checkpoint holds: its state can be read and a worker restored
 * from it draws the same actions. With zero weights the policy's mean is 0 whatever it observes, so the actions are
 * the generator's draws alone and two workers whose envs are in different states can be compared.
 */
class RolloutWorkerSamplerStateTest {

    private final PolicySpec spec = PolicySpec.cleanRl(3, 1);
    private final PolicyVersion zeroWeights = new PolicyVersion(spec);

    private RolloutWorker worker(long samplerSeed) {
        SyncVectorEnv envs = SyncVectorEnv.of(2, () -> EnvRegistry.make("Pendulum-v1"));
        RolloutWorker w = new RolloutWorker(envs, spec, new FrozenNormalization(3), samplerSeed, 0.5);
        w.reset(3);
        return w;
    }

    private TrajectoryFragment collect(RolloutWorker w) {
        TrajectoryFragment f = new TrajectoryFragment(2, 16, 3, 1);
        w.collect(zeroWeights, f);
        return f;
    }

    @Test
    void aWorkerRestoredFromAnotherWorkersSamplerStateDrawsTheSameActions() {
        RolloutWorker original = worker(5);
        collect(original);
        long[] state = original.samplerState();
        TrajectoryFragment next = collect(original);

        RolloutWorker restored = worker(77);
        restored.restoreSampler(state);
        TrajectoryFragment fromRestored = collect(restored);
        assertArrayEquals(next.actions, fromRestored.actions);
        assertArrayEquals(next.logProbs, fromRestored.logProbs);

        // the comparison can fail: the same worker without the restored state draws other actions
        TrajectoryFragment unrestored = collect(worker(77));
        assertFalse(Arrays.equals(next.actions, unrestored.actions));
    }
}
