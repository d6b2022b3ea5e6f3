package io.tributary.envs.dmc.reacher;

import io.tributary.envs.dmc.DmControlEnv;
import io.tributary.envs.dmc.DmSuite;
import io.tributary.envs.dmc.Physics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReacherTest {

    @ParameterizedTest
    @CsvSource({"easy, 0.05", "hard, 0.015"})
    void targetRadiusAndPlacementPerTask(String task, double radius) {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec("dm_control/reacher-" + task + "-v0"))) {
            env.reset(11);
            Physics p = env.physics();
            int target = p.geomId("target");
            double lastX = Double.NaN;
            for (int episode = 0; episode < 50; episode++) {
                double[] obs = env.reset();
                assertEquals(radius, p.geomSize(target, 0), 0.0, "target radius");
                double x = p.geomPos(target, 0), y = p.geomPos(target, 1);
                double r = Math.hypot(x, y);
                assertTrue(r >= 0.05 && r <= 0.20, "target radius from the shoulder " + r);
                assertEquals(0.01, p.geomPos(target, 2), 0.0, "target height unchanged");
                assertTrue(x != lastX, "target moved at reset");
                lastX = x;
                // to_target in the observation is the target minus the fingertip, in x and y
                assertEquals(p.geomXpos(target, 0) - p.geomXpos(p.geomId("finger"), 0), obs[2], 0.0);
                assertTrue(Math.abs(obs[1]) <= Math.toRadians(160) + 1e-12, "wrist within its limits");
            }
        }
    }
}
