package io.tributary.envs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.envs.testing.ScriptedEnv;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncVectorEnvTest {

    @Test
    void copyIIsSeededWithSeedPlusIAsItsOwnEnv() {
        try (SyncVectorEnv v = SyncVectorEnv.of(3, () -> EnvRegistry.make("Pendulum-v1"))) {
            v.reset(10);
            for (int i = 0; i < 3; i++) {
                double[] single = EnvRegistry.make("Pendulum-v1").reset(10 + i);
                assertArrayEquals(single, Arrays.copyOfRange(v.observations(), 3 * i, 3 * i + 3), 0.0, "copy " + i);
            }
        }
    }

    @Test
    void autoresetsInTheSameStepAndKeepsTheFinalObservation() {
        // Copy 0 terminates after 2 steps, copy 1 after 3.
        ScriptedEnv e0 = new ScriptedEnv(new double[] {1}, 2);
        ScriptedEnv e1 = new ScriptedEnv(new double[] {2}, 3);
        SyncVectorEnv v = new SyncVectorEnv(List.of(e0, e1));
        v.reset(5);
        assertEquals(5, e0.lastSeed);
        assertEquals(6, e1.lastSeed);
        double[] actions = new double[4];
        v.step(actions);
        assertFalse(v.done(0));
        v.step(actions);
        assertTrue(v.terminated()[0]);
        assertFalse(v.done(1));
        // After the terminal step, copy 0 already shows the first observation of its next episode ...
        assertArrayEquals(new double[] {1, 0}, Arrays.copyOfRange(v.observations(), 0, 2), 0.0);
        // ... and the last observation of the finished one is still readable.
        double[] fin = new double[5];
        v.finalObservation(0, fin, 3);
        assertArrayEquals(new double[] {0, 2}, Arrays.copyOfRange(fin, 3, 5), 0.0);
        assertEquals(1.0, v.rewards()[0], 0.0);
        assertEquals(2, e0.resets);
        assertThrows(IllegalStateException.class, () -> v.finalObservation(1, fin, 0), "copy 1 did not finish");

        v.step(actions);
        assertFalse(v.done(0));
        assertTrue(v.terminated()[1]);
        assertArrayEquals(new double[] {1, 1, 1, 0}, v.observations(), 0.0);
        v.finalObservation(1, fin, 0);
        assertArrayEquals(new double[] {0, 3}, Arrays.copyOf(fin, 2), 0.0);
    }

    @Test
    void truncationByTheTimeLimitAutoresetsWithoutReseeding() {
        try (SyncVectorEnv v = SyncVectorEnv.of(2, () -> EnvRegistry.make("Pendulum-v1"))) {
            v.reset(0);
            double[] a = new double[2];
            for (int t = 0; t < 199; t++) {
                v.step(a);
                assertFalse(v.done(0) || v.done(1));
            }
            v.step(a);
            assertTrue(v.truncated()[0] && v.truncated()[1]);
            assertFalse(v.terminated()[0]);
            // The autoreset continues copy 0's generator: its second draw pair, not seed 0's first.
            Env ref = EnvRegistry.make("Pendulum-v1");
            double[] firstEpisode = ref.reset(0);
            double[] second = ref.reset();
            assertArrayEquals(second, Arrays.copyOfRange(v.observations(), 0, 3), 0.0);
            double[] fin = new double[3];
            v.finalObservation(0, fin, 0);
            assertFalse(Arrays.equals(firstEpisode, fin));
        }
    }

    @Test
    void observationsAreStoredInTheSpacesDtype() {
        Env f64 = new io.tributary.envs.wrappers.TransformObservation(new ScriptedEnv(new double[] {1}, 1000),
                o -> new double[] {o[0] + 0.1, o[1]});
        SyncVectorEnv v = new SyncVectorEnv(List.of(f64));
        v.reset(0);
        assertEquals((double) (float) 0.1, v.observations()[0], 0.0, "float32 space: rounded to float32 as Gymnasium's buffer does");
    }

    @Test
    void badInputIsNamed() {
        SyncVectorEnv v = new SyncVectorEnv(List.of(new ScriptedEnv(new double[] {1}, 5), new ScriptedEnv(new double[] {1}, 5)));
        IllegalStateException early = assertThrows(IllegalStateException.class, () -> v.step(new double[4]));
        assertTrue(early.getMessage().contains("before reset"), early.getMessage());
        v.reset(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.step(new double[3]));
        assertTrue(e.getMessage().contains("3 elements") && e.getMessage().contains("2 x 2"), e.getMessage());
        double[] nan = new double[4];
        nan[3] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> v.step(nan));
        assertTrue(e.getMessage().contains("action[1] is NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SyncVectorEnv(List.of(
                new ScriptedEnv(new double[] {1}, 5), EnvRegistry.make("Pendulum-v1"))));
    }
}
