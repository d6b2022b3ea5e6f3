package io.tributary.envs.gymmujoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.Step;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.testing.Golden;
import io.tributary.envs.testing.Json;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays real Gymnasium 0.29.1 (gymnasium.make, MuJoCo 2.2.2) for every registered Gymnasium MuJoCo id, both
 * recorded files (seed 0 formula A, seed 1 formula C): the model against the header (sizes, frame_skip, dt, action
 * bounds, init_qpos/init_qvel bit-exact), the reset (qpos and qvel bit-exact, the observation to 4 ulps: numpy's
 * SVML sin/cos), then every row with the
 * recorded float32 action: observation and reward within 1e-6, qpos/qvel within 1e-6 where recorded,
 * terminated/truncated equal, and the episode ends on the recorded last row.
 */
class GymMujocoGoldenTest {

    private static final double TOL = 1e-6;

    static Stream<Arguments> files() {
        List<Arguments> out = new ArrayList<>();
        for (String id : GymMujoco.specs().keySet()) {
            out.add(Arguments.of(id, id + "_seed0_A.jsonl.gz"));
            out.add(Arguments.of(id, id + "_seed1_C.jsonl.gz"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("files")
    @SuppressWarnings("unchecked")
    void everyRegisteredTaskReplaysGymnasiumWithinTolerance(String id, String file) throws Exception {
        assertTrue(EnvRegistry.ids().contains(id), id + " is a Gymnasium MuJoCo spec but not in the EnvRegistry");
        assertTrue(Files.isRegularFile(Golden.shared().resolve("golden/gymnasium-mujoco/" + file)), "no golden file " + file);
        List<Map<String, Object>> rows = Golden.jsonl("gymnasium-mujoco/" + file);
        Map<String, Object> header = rows.get(0);
        long seed = ((Number) header.get("seed")).longValue();
        try (Env env = EnvRegistry.make(id)) {
            GymMujocoEnv raw = (GymMujocoEnv) env.unwrapped();
            Physics p = raw.physics();
            assertEquals(num(header, "nq"), p.nq(), file + ": nq");
            assertEquals(num(header, "nv"), p.nv(), file + ": nv");
            assertEquals(num(header, "nu"), p.nu(), file + ": nu");
            assertEquals(num(header, "frame_skip"), raw.spec().frameSkip(), file + ": frame_skip");
            assertEquals(((Number) header.get("dt")).doubleValue(), raw.dt(), 0.0, file + ": dt");
            assertEquals(((Number) ((List<Object>) header.get("obs_shape")).get(0)).intValue(),
                    env.observationSpace().size(), file + ": observation size");
            assertArrayEquals(Json.doubles(header.get("action_low")), env.actionSpace().low(), 0.0, file + ": action low");
            assertArrayEquals(Json.doubles(header.get("action_high")), env.actionSpace().high(), 0.0, file + ": action high");
            assertArrayEquals(Json.doubles(header.get("init_qvel")), new double[p.nv()], 0.0, file + ": init_qvel");

            double[] obs = env.reset(seed);
            Map<String, Object> r0 = rows.get(1);
            assertArrayEquals(Json.doubles(r0.get("qpos")), state(p, true), 0.0, file + ": reset qpos");
            assertArrayEquals(Json.doubles(r0.get("qvel")), state(p, false), 0.0, file + ": reset qvel");
            assertWithinUlps(Json.doubles(r0.get("obs")), obs, file + ": reset observation");
            // recorded after the reset: Pusher's reset writes the puck and goal into init_qpos, as Gymnasium's does
            assertArrayEquals(Json.doubles(header.get("init_qpos")), raw.initQpos(), 0.0, file + ": init_qpos (the model's qpos0)");

            for (int li = 2; li < rows.size(); li++) {
                Map<String, Object> row = rows.get(li);
                String at = file + " t=" + num(row, "t");
                Step s = env.step(Json.doubles(row.get("action")));
                assertArrayEquals(Json.doubles(row.get("obs")), s.observation(), TOL, at + ": observation");
                assertEquals(((Number) row.get("reward")).doubleValue(), s.reward(), TOL, at + ": reward");
                if (row.containsKey("qpos")) {
                    assertArrayEquals(Json.doubles(row.get("qpos")), state(p, true), TOL, at + ": qpos");
                    assertArrayEquals(Json.doubles(row.get("qvel")), state(p, false), TOL, at + ": qvel");
                }
                assertEquals(row.get("terminated"), s.terminated(), at + ": terminated");
                assertEquals(row.get("truncated"), s.truncated(), at + ": truncated");
                boolean last = li == rows.size() - 1;
                if (!last) assertFalse(s.done(), at + ": the episode ended before the recorded last row");
                else assertTrue(s.done(), at + ": the recorded last row ended the episode, ours did not");
            }
        }
    }

    /**
     * The reset observation to {@value #RESET_ULPS} ulps per entry. Its state entries are copies of qpos/qvel, which
     * are checked bit-exact above; the rest come from numpy 1.24's sin/cos, which on the recording machine were the
     * AVX-512 SVML kernels (documented to 4 ulp; e.g. InvertedDoublePendulum seed 0's cos(qpos[1]) is 2 ulp above
     * the correctly rounded value Java and glibc return), so they cannot be bit-reproduced by a portable cos.
     */
    private static void assertWithinUlps(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            double ulps = Math.abs(want[i] - got[i]) / Math.ulp(want[i]);
            assertTrue(want[i] == got[i] || ulps <= RESET_ULPS, what + "[" + i + "]: expected " + want[i] + " but was "
                    + got[i] + " (" + ulps + " ulps)");
        }
    }

    private static final int RESET_ULPS = 4;

    private static int num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).intValue();
    }

    private static double[] state(Physics p, boolean positions) {
        double[] out = new double[positions ? p.nq() : p.nv()];
        for (int i = 0; i < out.length; i++) out[i] = positions ? p.qpos(i) : p.qvel(i);
        return out;
    }
}
