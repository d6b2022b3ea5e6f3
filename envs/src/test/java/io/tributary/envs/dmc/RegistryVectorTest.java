package io.tributary.envs.dmc;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.envs.EnvRegistry;
import io.tributary.envs.SyncVectorEnv;
import io.tributary.envs.VectorEnv;
import org.junit.jupiter.api.Test;

/** Actors and the trainer get their copies from {@link EnvRegistry#makeVector}: dm_control ids must come batched. */
class RegistryVectorTest {

    @Test
    void dmControlIdsAreNativelyBatchedAndStepLikeCopiesOneByOne() {
        String id = "dm_control/cartpole-swingup-v0";
        try (VectorEnv batched = EnvRegistry.makeVector(id, 3);
             VectorEnv oneByOne = SyncVectorEnv.of(3, () -> EnvRegistry.make(id))) {
            assertInstanceOf(DmControlVectorEnv.class, batched);
            batched.reset(7);
            oneByOne.reset(7);
            assertArrayEquals(oneByOne.observations(), batched.observations(), 0.0);
            double[] actions = new double[3];
            for (int t = 0; t < 50; t++) {
                for (int i = 0; i < 3; i++) actions[i] = Math.sin(0.1 * t + i);
                batched.step(actions);
                oneByOne.step(actions);
                assertArrayEquals(oneByOne.observations(), batched.observations(), 0.0, "obs at step " + t);
                assertArrayEquals(oneByOne.rewards(), batched.rewards(), 0.0, "rewards at step " + t);
            }
        }
    }

    @Test
    void classicIdsStepCopiesOneByOne() {
        try (VectorEnv v = EnvRegistry.makeVector("Pendulum-v1", 2)) {
            assertInstanceOf(SyncVectorEnv.class, v);
            assertEquals(2, v.numEnvs());
        }
        assertThrows(IllegalArgumentException.class, () -> EnvRegistry.makeVector("Pendulum-v1", 0));
        assertThrows(IllegalArgumentException.class, () -> EnvRegistry.makeVector("nope-v0", 2));
    }
}
