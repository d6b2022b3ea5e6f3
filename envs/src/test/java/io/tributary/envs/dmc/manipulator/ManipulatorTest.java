package io.tributary.envs.dmc.manipulator;

import io.tributary.envs.dmc.DmControlEnv;
import io.tributary.envs.dmc.DmSuite;
import io.tributary.envs.dmc.Physics;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ManipulatorTest {

    /** bring_ball: 1 with the ball within 1 cm of the target, 0.1 at 3 cm (gaussian margin 2 cm). */
    @Test
    void ballRewardIsItsClosenessToTheTarget() {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec("dm_control/manipulator-bring_ball-v0"))) {
            env.reset(3);
            Physics p = env.physics();
            int target = p.bodyId("target_ball");
            // the target sits 1 mm behind the plane of motion (y = .001); its x, z are the reset's draw
            double tx = p.bodyPos(target, 0), tz = p.bodyPos(target, 2);
            double dy = .001;
            assertEquals(1.0, rewardWithBallAt(env, p, tx + .005, tz), 0.0, "5 mm away");
            double d3 = Math.sqrt(.03 * .03 + dy * dy);
            assertEquals(Math.pow(0.1, Math.pow((d3 - .01) / .02, 2)), rewardWithBallAt(env, p, tx, tz + .03), 1e-12, "3 cm away");
        }
    }

    private static double rewardWithBallAt(DmControlEnv env, Physics p, double x, double z) {
        p.setQpos(p.jointQposAdr(p.jointId("ball_x")), x);
        p.setQpos(p.jointQposAdr(p.jointId("ball_z")), z);
        p.forwardWithoutActuation();
        return env.task().reward(p);
    }

    /** Each task keeps only its props: bring_ball has no peg, cup or slot. */
    @Test
    void theModelKeepsOnlyTheTasksProps() {
        try (Physics p = Physics.fromXml("manipulator.xml", Manipulator.modelXml(false, false))) {
            assertEquals(11, p.nq());
            for (String gone : new String[] {"peg", "target_peg", "cup", "slot"}) {
                assertThrows(IllegalArgumentException.class, () -> p.bodyId(gone), gone);
            }
        }
    }
}
