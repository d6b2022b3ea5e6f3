package io.tributary.envs.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.Step;
import io.tributary.envs.testing.Golden;
import io.tributary.envs.testing.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays every golden trajectory recorded with real Gymnasium 0.29.1 (gymnasium.make, so TimeLimit applies):
 * reset state bit-exact, observations and rewards to 1e-5 (and, tighter, observations bit-exact, rewards to 1e-9), terminated/truncated exactly, episode lengths equal.
 */
class GymnasiumGoldenTest {

    private static final double TOL = 1e-5;
    /**
     * Tighter than the issue asks, and deterministic (StrictMath): observations come out as the same float32 values
     * Gymnasium produced, rewards within 1e-9. This is what catches a float32/float64 slip in the dynamics.
     */
    private static final double OBS_EXACT = 0.0;
    private static final double REWARD_TIGHT = 1e-9;
    /**
     * Before ulp-level differences between numpy's and Java's sin (the state is float64 and the pendulum amplifies
     * them once it spins, up to ~1.6e-11 by step 187) can grow, rewards agree to 1e-12; a float32 rounding of
     * {@code u**2} would show here as ~1e-10.
     */
    private static final int EARLY_STEPS = 100;
    private static final double REWARD_EARLY = 1e-12;

    @ParameterizedTest
    @ValueSource(strings = {"pendulum-v1.jsonl", "mountaincarcontinuous-v0.jsonl"})
    @SuppressWarnings("unchecked")
    void matchesGymnasium(String file) throws Exception {
        List<Map<String, Object>> lines = Golden.jsonl("gymnasium/" + file);
        double maxObsErr = 0, maxRewErr = 0;
        int steps = 0;
        for (int li = 0; li < lines.size(); li++) {
            Map<String, Object> line = lines.get(li);
            String id = (String) line.get("env_id");
            long seed = ((Number) line.get("seed")).longValue();
            String where = file + " line " + (li + 1) + " (" + id + ", seed " + seed + ")";
            try (Env env = EnvRegistry.make(id)) {
                double[] obs = env.reset(seed);
                ClassicControlEnv raw = (ClassicControlEnv) env.unwrapped();
                assertArrayEquals(Json.doubles(line.get("reset_state")), raw.state(), 0.0, where + ": reset state");
                assertArrayEquals(Json.doubles(line.get("reset_obs")), obs, TOL, where + ": reset obs");
                List<Map<String, Object>> golden = (List<Map<String, Object>>) line.get("steps");
                for (int t = 0; t < golden.size(); t++) {
                    Map<String, Object> g = golden.get(t);
                    String at = where + " step " + t;
                    Step s = env.step(Json.doubles(g.get("action")));
                    double[] want = Json.doubles(g.get("obs"));
                    assertArrayEquals(want, s.observation(), TOL, at + ": obs");
                    double wantR = ((Number) g.get("reward")).doubleValue();
                    assertEquals(wantR, s.reward(), TOL, at + ": reward");
                    assertEquals(g.get("terminated"), s.terminated(), at + ": terminated");
                    assertEquals(g.get("truncated"), s.truncated(), at + ": truncated");
                    for (int k = 0; k < want.length; k++) maxObsErr = Math.max(maxObsErr, Math.abs(want[k] - s.observation()[k]));
                    maxRewErr = Math.max(maxRewErr, Math.abs(wantR - s.reward()));
                    assertArrayEquals(want, s.observation(), OBS_EXACT, at + ": obs not bit-exact float32");
                    assertEquals(wantR, s.reward(), REWARD_TIGHT, at + ": reward beyond 1e-9");
                    if (t < EARLY_STEPS) assertEquals(wantR, s.reward(), REWARD_EARLY, at + ": early reward beyond 1e-12");
                    steps++;
                }
                Map<String, Object> last = golden.get(golden.size() - 1);
                assertTrue((Boolean) last.get("terminated") || (Boolean) last.get("truncated"), where + ": golden episode ends");
            }
        }
        System.out.printf("%s: %d lines, %d steps, max |obs err| %.3g, max |reward err| %.3g%n",
                file, lines.size(), steps, maxObsErr, maxRewErr);
    }
}
