package io.tributary.learner;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.algo.PpoCma;
import io.tributary.learner.checkpoint.TrainingStateCodec;
import io.tributary.learner.nn.SplitMemoryBackend;
import io.tributary.policy.PolicyInputs;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every algorithm trained with host and device copies of its matrices kept apart ({@link SplitMemoryBackend}: the
 * CUDA backend's memory bookkeeping, the CPU backend's arithmetic) lands on the CPU route's parameters bit for bit:
 * the critic values for GAE, the host loss and Adam, TRPO's line search and Fisher-vector products, PPO-CMA's three
 * networks, the checkpoint (optimizer states included), and a batch larger than configured (an actor joined). Where
 * a host buffer is kept past an operation, or an operation reads elements still on the host, the split backend
 * reads NaN and the parameters differ.
 */
class SplitMemoryLearnerTest {

    private static Hyperparameters hp(String algo) {
        return Hyperparameters.defaults(algo, "Pendulum-v1").with("num-envs", "2").with("num-steps", "32")
                .with("num-minibatches", "4").with("update-epochs", "2").with("total-timesteps", "640");
    }

    private static PolicySpec spec(String algo) {
        if (!algo.equals(PpoCma.NAME)) return PolicySpec.cleanRl(3, 1);
        int[] hidden = {16, 16};
        return new PolicySpec(3, 1, hidden, hidden, PolicySpec.Activation.TANH,
                PpoCma.varianceMlp(hp(algo), new double[] {-2}, new double[] {2}));
    }

    /** {@code actors} fragments of 2 envs x 32 steps whose content depends on the version and actor only. */
    private static List<TrajectoryFragment> fragments(PolicySpec spec, long version, int actors, List<PolicyInputs> inputs) {
        List<TrajectoryFragment> out = new ArrayList<>();
        for (int a = 0; a < actors; a++) {
            TrajectoryFragment f = new TrajectoryFragment(2, 32, 3, 1);
            PolicyInputs in = PolicyInputs.like(f);
            SplittableRandom r = new SplittableRandom(1000 + 17 * version + a);
            f.actorId = a;
            f.policyVersion = version;
            f.specHash = spec.hash();
            for (int i = 0; i < in.observations.length; i++) in.observations[i] = (float) r.nextGaussian();
            for (int i = 0; i < in.nextObservations.length; i++) in.nextObservations[i] = (float) r.nextGaussian();
            for (int i = 0; i < f.rows(); i++) {
                f.actions[i] = (float) (1.5 * r.nextGaussian());
                f.logProbs[i] = (float) (-1.4 + 0.2 * r.nextGaussian());
                in.rewards[i] = (float) r.nextGaussian();
                f.terminated[i] = r.nextInt(20) == 0;
            }
            out.add(f);
            inputs.add(in);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ppo", "rpo", "trpo", PpoCma.NAME})
    void trainingWithSeparateHostAndDeviceCopiesLandsOnTheCpuRoutesParametersBitForBit(String algo) {
        PolicySpec spec = spec(algo);
        Learner cpu = new Learner(algo, hp(algo), spec);
        SplitMemoryBackend split = new SplitMemoryBackend();
        Learner separate = new Learner(algo, hp(algo), spec, () -> split);
        assertArrayEquals(cpu.parameters(), separate.parameters(), "the same initial weights");
        for (int iteration = 0; iteration < 4; iteration++) {
            int actors = iteration == 2 ? 2 : 1; // iteration 2: an actor joined, the batch is twice the configured
            List<PolicyInputs> in = new ArrayList<>();
            List<TrajectoryFragment> batch = fragments(spec, cpu.version(), actors, in);
            var a = cpu.learn(batch, in);
            var b = separate.learn(batch, in);
            assertArrayEquals(cpu.parameters(), separate.parameters(), algo + ", iteration " + iteration);
            assertEquals(a.toString(), b.toString(), "the logged statistics");
        }
        assertArrayEquals(TrainingStateCodec.encode(cpu.checkpoint()), TrainingStateCodec.encode(separate.checkpoint()),
                "the checkpoint, optimizer state included");
        assertArrayEquals(cpu.snapshot().weights, separate.snapshot().weights, "the published weights");
        assertTrue(split.uploads() > 0 && split.downloads() > 0, "the copies went through the bookkeeping: "
                + split.uploads() + " uploads, " + split.downloads() + " downloads");
    }
}
