package io.tributary.envs.dmc;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.Step;
import io.tributary.envs.random.RandomState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DmControlVectorEnvTest {

    private static final String ID = "dm_control/cartpole-swingup-v0";

    @Test
    void registryMakesEveryDmControlIdWithShimmySpaces() {
        assertTrue(EnvRegistry.ids().contains(ID));
        try (Env env = EnvRegistry.make(ID)) {
            assertEquals(5, env.observationSpace().size());
            assertEquals(1, env.actionSpace().size());
            assertEquals(-1.0, env.actionSpace().low(0), 0.0);
            assertEquals(1.0, env.actionSpace().high(0), 0.0);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvRegistry.make("dm_control/nope-v0"));
        assertTrue(e.getMessage().contains(ID), e.getMessage());
    }

    @Test
    void episodeIsTruncatedAtStep1000AndNeverTerminated() {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec("dm_control/pendulum-swingup-v0"))) {
            env.reset(3);
            double[] a = {0.3};
            for (int t = 1; t <= 1000; t++) {
                Step s = env.step(a);
                assertFalse(s.terminated());
                assertEquals(t == 1000, s.truncated(), "t=" + t);
            }
            assertThrows(IllegalStateException.class, () -> env.step(a));
        }
    }

    @Test
    void vectorMatchesSingleEnvsAndThreadsDoNotChangeResults() {
        int n = 4;
        try (DmControlVectorEnv one = new DmControlVectorEnv(DmSuite.spec(ID), n, 1);
             DmControlVectorEnv two = new DmControlVectorEnv(DmSuite.spec(ID), n, 2)) {
            DmControlEnv[] singles = new DmControlEnv[n];
            double[][] singleObs = new double[n][];
            for (int i = 0; i < n; i++) {
                singles[i] = new DmControlEnv(DmSuite.spec(ID));
                singleObs[i] = singles[i].reset(100 + i);
            }
            one.reset(100);
            two.reset(100);
            RandomState actions = new RandomState(9);
            double[] a = new double[n];
            int obsSize = one.singleObservationSpace().size();
            double[] fin = new double[obsSize];
            for (int t = 1; t <= 1005; t++) {
                actions.uniform(-1, 1, a);
                one.step(a);
                two.step(a);
                assertArrayEquals(one.observations(), two.observations(), 0.0);
                assertArrayEquals(one.rewards(), two.rewards(), 0.0);
                for (int i = 0; i < n; i++) {
                    Step s = singles[i].step(new double[] {a[i]});
                    assertEquals(s.reward(), one.rewards()[i], 0.0);
                    assertEquals(s.truncated(), one.truncated()[i]);
                    assertFalse(one.terminated()[i]);
                    if (s.truncated()) {
                        one.finalObservation(i, fin, 0);
                        assertArrayEquals(s.observation(), fin, 0.0, "final observation");
                        singleObs[i] = singles[i].reset(); // the copy continues its generator, as autoreset does
                    } else {
                        singleObs[i] = s.observation();
                    }
                    double[] row = java.util.Arrays.copyOfRange(one.observations(), i * obsSize, (i + 1) * obsSize);
                    assertArrayEquals(singleObs[i], row, 0.0, "copy " + i + " at t=" + t);
                }
                assertEquals(t == 1000, one.truncated()[0]);
            }
            for (DmControlEnv e : singles) e.close();
        }
    }

    @Test
    void badActionsNameTheProblem() {
        try (DmControlVectorEnv v = new DmControlVectorEnv(ID, 2)) {
            v.reset(0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.step(new double[3]));
            assertTrue(e.getMessage().contains("2 x 1"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> v.step(new double[] {0, Double.NaN}));
            assertTrue(e.getMessage().contains("copy 1"), e.getMessage());
        }
    }
}
