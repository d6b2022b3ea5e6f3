package io.tributary.envs.dmc.finger;

import io.tributary.envs.dmc.DmControlEnv;
import io.tributary.envs.dmc.DmSuite;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Randomizers;
import io.tributary.envs.testing.ContactFreeResets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FingerTest {

    /**
     * The reset re-draws all three joints until nothing touches, consuming the generator as dm_control does: an
     * independent replay of the draws (turn: the target angle first) lands on the same state.
     */
    @ParameterizedTest
    @ValueSource(strings = {"spin", "turn_easy"})
    void resetRejectsTouchingStartsAndKeepsTheDrawOrder(String task) {
        ContactFreeResets.assertReplayMatches(DmSuite.spec("dm_control/finger-" + task + "-v0"), 40,
                random -> {
                    if (!task.equals("spin")) random.uniform(-Math.PI, Math.PI);
                },
                Randomizers::randomizeLimitedAndRotationalJoints, obs -> { });
    }

    @Test
    void spinLowersHingeDampingAndTurnPutsTheTargetOnTheTipOrbit() {
        try (DmControlEnv spin = new DmControlEnv(DmSuite.spec("dm_control/finger-spin-v0"));
             DmControlEnv turn = new DmControlEnv(DmSuite.spec("dm_control/finger-turn_hard-v0"))) {
            spin.reset(0);
            Physics p = spin.physics();
            assertEquals(0.03, p.dofDamping(p.jointDofAdr(p.jointId("hinge"))), 0.0);
            assertEquals(9, spin.observationSpace().size());
            Physics q = turn.physics();
            int site = q.siteId("target");
            for (int seed = 0; seed < 10; seed++) {
                double[] obs = turn.reset(seed);
                assertEquals(0.5, q.dofDamping(q.jointDofAdr(q.jointId("hinge"))), 0.0);
                assertEquals(Finger.HARD_TARGET_SIZE, q.siteSize(site, 0), 0.0);
                assertEquals(0.13, Math.hypot(q.sitePos(site, 0) - 0.2, q.sitePos(site, 2) - 0.4), 1e-12);
                // sorted keys: dist_to_target (1), position (4), target_position (2), touch (2), velocity (3)
                assertEquals(12, obs.length);
                assertEquals(0.13, Math.hypot(obs[5], obs[6]), 1e-12, "target_position relative to the spinner");
                assertEquals(Math.hypot(obs[5] - obs[3], obs[6] - obs[4]) - Finger.HARD_TARGET_SIZE, obs[0], 1e-15);
            }
        }
    }
}
