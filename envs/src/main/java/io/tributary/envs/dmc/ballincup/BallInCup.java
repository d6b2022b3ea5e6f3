package io.tributary.envs.dmc.ballincup;

import io.tributary.envs.dmc.ModelFiles;
import io.tributary.envs.dmc.DmTask;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.ObsKey;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Randomizers;
import io.tributary.envs.random.RandomState;

import java.util.List;

/**
 * dm_control's ball_in_cup catch (facts 5.7): swing a ball on a 0.3 m string into a cup moved by two sprung slide
 * joints. Sparse reward: 1 while the ball's centre is inside the cup's target box (shrunk by the ball's radius).
 */
public final class BallInCup implements DmTask {

    private static final List<ObsKey> KEYS = List.of(new ObsKey("position", 4), new ObsKey("velocity", 4));
    /**
     * dm_control re-draws the ball position until it does not penetrate the cup, without a bound; almost every draw
     * is contact-free, so this bound only turns a broken model into an error instead of a hang.
     */
    private static final int MAX_INIT_ATTEMPTS = 100_000;

    public static List<DmTaskSpec> specs() {
        return List.of(new DmTaskSpec("ball_in_cup", "catch", () -> ModelFiles.read("ball_in_cup.xml"), BallInCup::new));
    }

    private final int ballXQpos, ballZQpos, targetSite, ballBody, ballGeom;

    public BallInCup(Physics physics) {
        this.ballXQpos = physics.jointQposAdr(physics.jointId("ball_x"));
        this.ballZQpos = physics.jointQposAdr(physics.jointId("ball_z"));
        this.targetSite = physics.siteId("target");
        this.ballBody = physics.bodyId("ball");
        this.ballGeom = physics.geomId("ball");
    }

    @Override public double controlTimestep() { return 0.02; }
    @Override public double timeLimit() { return 20; }
    @Override public List<ObsKey> observationKeys() { return KEYS; }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        // Ball offsets from its body origin (0, 0, 0.2): x in [-0.2, 0.2], world z in [0.4, 0.7]; the cup stays put.
        Randomizers.drawUntilContactFree(physics, MAX_INIT_ATTEMPTS, "ball_in_cup: no contact-free ball position", () -> {
            physics.setQpos(ballXQpos, random.uniform(-0.2, 0.2));
            physics.setQpos(ballZQpos, random.uniform(0.2, 0.5));
        });
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        for (int i = 0; i < 4; i++) {
            out[offset + i] = physics.qpos(i);
            out[offset + 4 + i] = physics.qvel(i);
        }
    }

    @Override
    public double reward(Physics physics) {
        double dx = Math.abs(physics.siteXpos(targetSite, 0) - physics.xpos(ballBody, 0));
        double dz = Math.abs(physics.siteXpos(targetSite, 2) - physics.xpos(ballBody, 2));
        double ballSize = physics.geomSize(ballGeom, 0);
        boolean inTarget = dx < physics.siteSize(targetSite, 0) - ballSize && dz < physics.siteSize(targetSite, 2) - ballSize;
        return inTarget ? 1.0 : 0.0;
    }
}
