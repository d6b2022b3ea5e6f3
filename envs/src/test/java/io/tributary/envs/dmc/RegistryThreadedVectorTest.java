package io.tributary.envs.dmc;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.envs.EnvRegistry;
import io.tributary.envs.SyncVectorEnv;
import io.tributary.envs.VectorEnv;
import org.junit.jupiter.api.Test;

/** An actor's thread count reaches dm_control's thread slices through the registry; other families ignore it. */
class RegistryThreadedVectorTest {

    @Test
    void aDmControlVectorOnThreadSlicesStepsLikeOneThread() {
        String id = "dm_control/cartpole-swingup-v0";
        assertTrue(EnvRegistry.slicesVectorOnThreads(id));
        try (VectorEnv sliced = EnvRegistry.makeVector(id, 4, 2); VectorEnv single = EnvRegistry.makeVector(id, 4, 1)) {
            assertInstanceOf(DmControlVectorEnv.class, sliced);
            sliced.reset(3);
            single.reset(3);
            double[] actions = new double[4];
            for (int t = 0; t < 30; t++) {
                for (int i = 0; i < 4; i++) actions[i] = Math.cos(0.2 * t + i);
                sliced.step(actions);
                single.step(actions);
                assertArrayEquals(single.observations(), sliced.observations(), 0.0, "obs at step " + t);
                assertArrayEquals(single.rewards(), sliced.rewards(), 0.0, "rewards at step " + t);
            }
        }
    }

    @Test
    void classicIdsIgnoreTheThreadCountAndBadCountsAreRefusedByName() {
        assertFalse(EnvRegistry.slicesVectorOnThreads("Pendulum-v1"));
        try (VectorEnv v = EnvRegistry.makeVector("Pendulum-v1", 4, 2)) {
            assertInstanceOf(SyncVectorEnv.class, v);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvRegistry.makeVector("Pendulum-v1", 2, 3));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
    }
}
