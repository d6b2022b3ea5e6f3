package io.tributary.envs.dmc;

import io.tributary.envs.testing.Golden;
import io.tributary.envs.testing.GoldenCtrl;
import io.tributary.envs.testing.Json;

import io.tributary.envs.mujoco.MjObj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stricter golden checks for point_mass, reacher, finger and ball_in_cup, beyond {@link DmcGoldenTaskTest}'s first
 * 100 steps: whole recorded episodes (observations, rewards, qpos/qvel), where contact dynamics (ball in the cup,
 * finger on the spinner) and the one-substep lag of finger's touch sensors first show up (touch is non-zero only
 * after t = 145 in these files); the model fields each task moves at a seeded reset; and finger's sensors under the
 * plain physics formula.
 */
class DmcGoldenEpisodeTest {

    static List<String> files() {
        List<String> out = new ArrayList<>();
        for (String t : List.of("point_mass-easy", "point_mass-hard", "reacher-easy", "reacher-hard", "finger-spin",
                "finger-turn_easy", "finger-turn_hard", "ball_in_cup-catch")) {
            out.add(t + "_seed0_A");
            out.add(t + "_seed1_C");
        }
        return out;
    }

    private static DmControlEnv env(Map<String, Object> header) {
        return new DmControlEnv(DmSuite.spec("dm_control/" + header.get("domain") + "-" + header.get("task") + "-v0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void wholeRecordedEpisodeMatches(String file) {
        List<Map<String, Object>> rows = Golden.dmControl("tasks/" + file + ".jsonl.gz");
        try (DmControlEnv env = env(rows.get(0))) {
            env.reset(7);
            DmcGoldenTaskTest.restore(env, rows.get(1));
            double[] obs = new double[env.observationSpace().size()];
            double[] reward = new double[1];
            int checked = 0;
            for (int r = 2; r < rows.size(); r++) {
                Map<String, Object> row = rows.get(r);
                int t = ((Number) row.get("t")).intValue();
                if (t != env.stepCount() + 1) break; // C files skip to the last row
                env.stepInto(Json.doubles(row.get("action")), 0, obs, 0, reward, 0);
                assertFalse(env.lastStepPhysicsError(), "physics error at t=" + t);
                // Every recorded step; these models stay within round-off of dm_control's for the whole episode.
                assertEquals(((Number) row.get("reward")).doubleValue(), reward[0], 1e-9, "reward at t=" + t);
                assertArrayEquals(DmcGoldenTaskTest.expectedObs(row, env), obs, 1e-6, "observation at t=" + t);
                if (row.containsKey("qpos")) {
                    assertArrayEquals(Json.doubles(row.get("qpos")), env.physics().data("qpos").toArray(), 1e-6, "qpos at t=" + t);
                    assertArrayEquals(Json.doubles(row.get("qvel")), env.physics().data("qvel").toArray(), 1e-5, "qvel at t=" + t);
                    assertEquals(((Number) row.get("time")).doubleValue(), env.physics().time(), 1e-9, "time at t=" + t);
                }
                checked++;
            }
            assertTrue(checked >= 300, "checked " + checked + " steps");
        }
    }

    /** reset(seed) also reproduces every model field the task moves (targets, tendon gains, damping). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void seededResetReproducesModelFields(String file) {
        List<Map<String, Object>> rows = Golden.dmControl("tasks/" + file + ".jsonl.gz");
        long seed = ((Number) rows.get(0).get("seed")).longValue();
        try (DmControlEnv env = env(rows.get(0))) {
            // A first episode under another seed: fields must be re-set, not left from the previous episode.
            env.reset(seed + 17);
            env.reset(seed);
            @SuppressWarnings("unchecked")
            Map<String, Object> model = (Map<String, Object>) rows.get(1).get("model_after_reset");
            for (Map.Entry<String, Object> e : model.entrySet()) {
                assertArrayEquals(Json.doubles(e.getValue()), env.physics().model(e.getKey()).toArray(), 1e-15,
                        "model field " + e.getKey() + " after reset(" + seed + ")");
            }
        }
    }

    /** Finger is the only one of these models with sensors: names, types and values under the physics formula. */
    @Test
    void fingerSensorsMatchTheSuiteModel() {
        List<Map<String, Object>> rows = Golden.dmControl("physics/finger.jsonl.gz");
        Map<String, Object> h = rows.get(0);
        try (Physics p = Physics.fromXml("finger.xml", ModelFiles.read("finger.xml"));
             Physics probe = Physics.fromXml("finger.xml", ModelFiles.read("finger.xml"));
             Arena arena = Arena.ofConfined()) {
            int nsensor = p.mjModel().size("nsensor");
            List<String> names = new ArrayList<>();
            for (int i = 0; i < nsensor; i++) names.add(p.name(MjObj.SENSOR, i));
            assertEquals(h.get("sensor_names"), names, "sensor names");
            assertArrayEquals(Json.doubles(h.get("sensor_type")), p.model("sensor_type").toArray(), "sensor types");
            int nu = p.nu();
            GoldenCtrl signal = new GoldenCtrl(p, arena); // finger's ctrlrange is [-1, 1]
            for (int r = 1; r < rows.size(); r++) {
                Map<String, Object> row = rows.get(r);
                int step = signal.stepTo(((Number) row.get("step")).intValue());
                if (step > 300) break;
                // sensordata as mj_step left it (touch from the step's acceleration stage) ...
                assertArrayEquals(Json.doubles(row.get("sens_step")), p.data("sensordata").toArray(), 1e-9,
                        "sensordata after mj_step at step " + step);
                // ... and from a full forward pass on the same state.
                probe.data("qpos").setAll(p.data("qpos").toArray());
                probe.data("qvel").setAll(p.data("qvel").toArray());
                for (int i = 0; i < nu; i++) probe.setCtrl(i, p.ctrl(i));
                probe.mjData().forward();
                assertArrayEquals(Json.doubles(row.get("sens_fwd")), probe.data("sensordata").toArray(), 1e-9,
                        "sensordata after mj_forward at step " + step);
            }
        }
    }
}
