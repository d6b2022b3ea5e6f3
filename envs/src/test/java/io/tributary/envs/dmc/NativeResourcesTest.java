package io.tributary.envs.dmc;

import io.tributary.envs.Step;
import io.tributary.envs.mujoco.MjArray;
import io.tributary.envs.mujoco.MjData;
import io.tributary.envs.mujoco.MjModel;
import io.tributary.envs.mujoco.MuJoCoNative;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Native memory is owned and freed deterministically; physics errors end one copy's episode, nothing else. */
class NativeResourcesTest {

    @Test
    void tenThousandResetsAndOneThousandEnvsLeakNothing() {
        MuJoCoNative nat = MuJoCoNative.get();
        assertEquals(222, nat.mujocoVersion());
        long before = nat.liveObjects();
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec("dm_control/cartpole-three_poles-v0"))) {
            assertEquals(before + 2, nat.liveObjects(), "one model and one data per env");
            env.reset(1);
            double[] a = {0.5};
            for (int i = 0; i < 10_000; i++) {
                env.reset();
                env.step(a);
            }
            assertEquals(before + 2, nat.liveObjects());
        }
        assertEquals(before, nat.liveObjects(), "closing an env frees its model and data");
        for (int i = 0; i < 1000; i++) {
            DmControlEnv env = new DmControlEnv(DmSuite.spec("dm_control/pendulum-swingup-v0"));
            env.reset(i);
            env.close();
            env.close(); // idempotent
        }
        try (DmControlVectorEnv v = new DmControlVectorEnv(DmSuite.spec("dm_control/acrobot-swingup-v0"), 8, 2)) {
            assertEquals(before + 16, nat.liveObjects());
            v.reset(0);
            v.step(new double[8]);
        }
        assertEquals(before, nat.liveObjects());
    }

    @Test
    void aMuJoCoErrorIsCaughtInsteadOfEndingTheProcess() {
        MuJoCoNative nat = MuJoCoNative.get();
        assertEquals(MjData.ERR_MUJOCO, nat.errorPathSelfTest());
        assertTrue(nat.lastError().contains("self-test"), nat.lastError());
        assertEquals(MjData.ERR_MUJOCO, nat.errorPathSelfTest(), "the guard works again after a caught error");
    }

    /** A MuJoCo error inside a reset's forward pass must not leave actuation disabled for every later step. */
    @Test
    void aMuJoCoErrorInTheResetForwardRestoresTheDisableFlags() {
        // a stack of 100 mjtNums holds the contact-free forward pass at qpos0 but not one with contacts, where
        // mj_stackAlloc raises a MuJoCo error
        String xml = "<mujoco><size nstack=\"100\"/><worldbody><geom type=\"plane\" size=\"1 1 1\"/>"
                + "<body pos=\"0 0 1\"><joint name=\"j\" type=\"slide\" axis=\"0 0 1\"/><geom type=\"box\" size=\"0.1 0.1 0.1\"/>"
                + "</body></worldbody><actuator><motor joint=\"j\"/></actuator></mujoco>";
        try (Physics p = Physics.fromXml("tiny_stack.xml", xml)) {
            int before = p.mjModel().option("disableflags").getInt(0);
            assertEquals(0, p.forwardWithoutActuation());
            p.setQpos(0, -1.05); // the box sinks into the plane
            assertEquals(MjData.ERR_MUJOCO, p.forwardWithoutActuation());
            assertEquals(before, p.mjModel().option("disableflags").getInt(0), "disableflags after the caught error");
            assertEquals(0, p.resetData(), "the reset after the error works");
        }
    }

    /** A task whose factory fails (e.g. a name its model lacks) frees what the env had already compiled. */
    @Test
    void aTaskThatCannotBeBuiltLeaksNothing() {
        MuJoCoNative nat = MuJoCoNative.get();
        long before = nat.liveObjects();
        DmTaskSpec broken = new DmTaskSpec("pendulum", "broken", () -> ModelFiles.read("pendulum.xml"), p -> {
            p.geomId("no_such_geom");
            throw new AssertionError("geomId must have thrown");
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DmControlEnv(broken));
        assertTrue(e.getMessage().contains("no_such_geom"), e.getMessage());
        assertEquals(before, nat.liveObjects(), "DmControlEnv");
        assertThrows(IllegalArgumentException.class, () -> new DmControlVectorEnv(broken, 3, 1));
        assertEquals(before, nat.liveObjects(), "DmControlVectorEnv");
    }

    /** A view kept past its env's close is an error, not a read or write of freed MuJoCo memory. */
    @Test
    void viewsKeptPastCloseFailCleanly() {
        DmControlEnv env = new DmControlEnv(DmSuite.spec("dm_control/pendulum-swingup-v0"));
        env.reset(0);
        Physics p = env.physics();
        MjArray qpos = p.data("qpos");
        MjArray geomSize = p.model("geom_size");
        env.close();
        assertThrows(IllegalStateException.class, () -> qpos.get(0));
        assertThrows(IllegalStateException.class, () -> qpos.set(0, 1.0));
        assertThrows(IllegalStateException.class, () -> geomSize.get(0));
        assertThrows(IllegalStateException.class, p::time);
        assertThrows(IllegalStateException.class, p::timestep);
    }

    @Test
    void badModelTextGivesMuJoCosMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MjModel.fromXml("broken.xml", "<mujoco><worldbody><geom type=\"nonsense\"/></worldbody></mujoco>"));
        assertTrue(e.getMessage().contains("broken.xml"), e.getMessage());
    }

    @Test
    void physicsErrorEndsOnlyThatEpisodeWithAFlagAndACounter() {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec("dm_control/cartpole-swingup-v0"))) {
            env.reset(0);
            env.step(new double[] {0.1});
            env.physics().setQvel(1, Double.NaN); // a state MuJoCo rejects (bad qvel warning)
            Step s = env.step(new double[] {0.1});
            assertTrue(s.truncated());
            assertFalse(s.terminated());
            assertEquals(0.0, s.reward(), 0.0);
            for (double v : s.observation()) assertTrue(Double.isFinite(v), "observation stays finite");
            assertTrue(env.lastStepPhysicsError());
            assertNotEquals(0, env.lastErrorFlags() & (MjData.ERR_WARNING | MjData.ERR_NONFINITE));
            assertEquals(1, env.physicsErrors());
            env.reset();
            Step ok = env.step(new double[] {0.1});
            assertFalse(ok.truncated());
            assertFalse(env.lastStepPhysicsError());
        }
    }

    @Test
    void aPoisonedCopyDoesNotAffectTheRestOfTheBatch() {
        String id = "dm_control/acrobot-swingup-v0";
        try (DmControlVectorEnv clean = new DmControlVectorEnv(DmSuite.spec(id), 3, 1);
             DmControlVectorEnv bad = new DmControlVectorEnv(DmSuite.spec(id), 3, 1)) {
            clean.reset(5);
            bad.reset(5);
            double[] a = {0.2, -0.3, 0.4};
            clean.step(a);
            bad.step(a);
            bad.env(1).physics().setQpos(0, Double.POSITIVE_INFINITY);
            clean.step(a);
            bad.step(a);
            assertTrue(bad.physicsError(1));
            assertTrue(bad.truncated()[1]);
            assertEquals(1, bad.physicsErrors());
            assertFalse(bad.physicsError(0) || bad.physicsError(2));
            int k = clean.singleObservationSpace().size();
            for (int i : new int[] {0, 2}) {
                assertEquals(clean.rewards()[i], bad.rewards()[i], 0.0);
                for (int j = 0; j < k; j++) assertEquals(clean.observations()[i * k + j], bad.observations()[i * k + j], 0.0);
            }
            for (double v : bad.observations()) assertTrue(Double.isFinite(v));
            bad.step(a); // the reset copy steps on normally
            assertFalse(bad.physicsError(1));
        }
    }
}
