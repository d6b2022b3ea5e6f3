package io.tributary.envs.state;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.envs.EnvRegistry;
import io.tributary.envs.VectorEnv;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A vector stepped K steps, snapshotted (through the codec's bytes), and a second vector reset with another seed
 * and restored from it, then both stepped the same M actions: every observation, reward, done flag and final
 * observation agrees bit for bit. K and M put an episode end after the snapshot (each copy's generator, step counter
 * and the task's per-episode model fields must all come back); walker's contacts need the solver's warm start.
 */
class VectorEnvStateTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "Pendulum-v1, 150, 100",
        "MountainCarContinuous-v0, 950, 100",
        "dm_control/reacher-easy-v0, 950, 100",
        "dm_control/walker-walk-v0, 950, 100",
        "dm_control/cartpole-swingup-v0, 950, 100",
        "Hopper-v4, 30, 200",
    })
    void aRestoredVectorContinuesBitForBitAcrossAnEpisodeEnd(String id, int before, int after) {
        try (VectorEnv a = EnvRegistry.makeVector(id, 2); VectorEnv b = EnvRegistry.makeVector(id, 2)) {
            int act = a.singleActionSpace().size();
            double[] low = a.singleActionSpace().low();
            double[] high = a.singleActionSpace().high();
            SplittableRandom rng = new SplittableRandom(7);
            double[] actions = new double[2 * act];
            a.reset(3);
            for (int t = 0; t < before; t++) a.step(random(rng, actions, low, high));
            byte[] saved = StateMapCodec.encode(a.state());
            b.reset(11);
            b.restore(StateMapCodec.decode(saved));
            assertArrayEquals(a.observations(), b.observations(), "observations right after the restore");
            int ends = 0;
            for (int t = 0; t < after; t++) {
                random(rng, actions, low, high);
                a.step(actions);
                b.step(actions);
                String at = id + " step " + (before + t);
                assertArrayEquals(a.observations(), b.observations(), at);
                assertArrayEquals(a.rewards(), b.rewards(), at);
                assertArrayEquals(a.terminated(), b.terminated(), at);
                assertArrayEquals(a.truncated(), b.truncated(), at);
                for (int i = 0; i < 2; i++) {
                    if (a.done(i)) {
                        ends++;
                        double[] fa = new double[a.singleObservationSpace().size()];
                        double[] fb = fa.clone();
                        a.finalObservation(i, fa, 0);
                        b.finalObservation(i, fb, 0);
                        assertArrayEquals(fa, fb, at);
                    }
                }
            }
            assertTrue(ends > 0, "an episode ends after the snapshot");
        }
    }

    private static double[] random(SplittableRandom rng, double[] out, double[] low, double[] high) {
        for (int i = 0; i < out.length; i++) {
            int j = i % low.length;
            double lo = Math.max(low[j], -1), hi = Math.min(high[j], 1);
            out[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return out;
    }

    @org.junit.jupiter.api.Test
    void aSnapshotOfAnotherSizeIsRefusedNamingTheKey() {
        try (VectorEnv a = EnvRegistry.makeVector("Pendulum-v1", 2); VectorEnv b = EnvRegistry.makeVector("Pendulum-v1", 3)) {
            a.reset(1);
            b.reset(1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.restore(a.state()));
            assertTrue(e.getMessage().contains("vector.num_envs"), e.getMessage());
            IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
                    () -> a.restore(a.state().without("copy.1.np_random")));
            assertTrue(m.getMessage().contains("'copy.1.np_random'"), m.getMessage());
        }
    }
}
