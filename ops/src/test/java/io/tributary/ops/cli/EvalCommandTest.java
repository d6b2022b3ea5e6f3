package io.tributary.ops.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.Step;
import io.tributary.envs.state.StateMap;
import io.tributary.learner.checkpoint.RunCheckpoint;
import io.tributary.learner.checkpoint.RunCheckpointFile;
import io.tributary.learner.pipeline.FinalWeights;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval} after a short single-process CleanRL-mode run on Pendulum-v1 (2 copies, 2 iterations): the final
 * weights carry every copy's statistics merged, deterministic evaluation is reproducible and equals a direct
 * computation written out here, the last checkpoint evaluates to the same episodes, sampling depends on the seed.
 */
class EvalCommandTest {

    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void trainAShortRun() {
        Cli.Result r = Cli.run("train", "--env", "Pendulum-v1", "--actors", "0", "--num-envs", "2", "--num-steps", "200",
                "--total-timesteps", "800", "--num-minibatches", "4", "--update-epochs", "2", "--runs-dir", tmp.toString(),
                "--run-name", "short");
        assertEquals(0, r.code(), r.out() + r.err());
        run = tmp.resolve("short");
    }

    private static PolicyVersion finalWeights() throws Exception {
        return FinalWeights.read(run.resolve("final-weights.bin"), PolicySpec.cleanRl(3, 1));
    }

    @Test
    void finalWeightsOfACleanRlRunCarryEveryCopysObservationStatisticsMerged() throws Exception {
        RunCheckpoint c = RunCheckpointFile.latest(run, s -> {});
        StateMap s = c.rollout();
        double n = 0;
        double[] sum = new double[3], sumSq = new double[3];
        for (int i = 0; i < 2; i++) {
            double ni = s.getDouble("norm." + i + ".obs.count");
            double[] m = s.doubles("norm." + i + ".obs.mean", 3), v = s.doubles("norm." + i + ".obs.var", 3);
            n += ni;
            for (int d = 0; d < 3; d++) {
                sum[d] += ni * m[d];
                sumSq[d] += ni * (v[d] + m[d] * m[d]);
            }
        }
        PolicyVersion w = finalWeights();
        assertTrue(n > 400, "each copy saw 400 steps: " + n);
        assertEquals(n, w.obsCount, 1e-9);
        for (int d = 0; d < 3; d++) {
            double mean = sum[d] / n;
            assertEquals(mean, w.obsMean[d], 1e-9, "mean " + d);
            assertEquals(sumSq[d] / n - mean * mean, w.obsVar[d], 1e-9, "var " + d);
        }
    }

    @Test
    void deterministicEvaluationIsReproducibleAndMatchesADirectComputation() throws Exception {
        Cli.Result a = Cli.run("eval", run.toString(), "--episodes", "3", "--deterministic", "--seed", "5");
        assertEquals(0, a.code(), a.out() + a.err());
        Cli.Result b = Cli.run("eval", run.toString(), "--episodes=3", "--deterministic=true", "--seed=5");
        assertEquals(a.out(), b.out());
        List<String> episodes = a.out().lines().filter(l -> l.startsWith("episode ")).toList();
        assertEquals(direct(finalWeights(), 3, 5), episodes);
        String last = a.out().lines().reduce((x, y) -> y).orElseThrow();
        assertTrue(last.matches("eval Pendulum-v1: 3 episodes, return mean -\\d+\\.\\d{3} std \\d+\\.\\d{3}, length mean 200\\.0 std 0\\.0"), last);
    }

    @Test
    void theLastCheckpointEvaluatesAsTheFinalWeights() {
        Cli.Result fromFinal = Cli.run("eval", run.toString(), "--episodes", "2", "--deterministic");
        Cli.Result fromCheckpoint = Cli.run("eval", run.toString(), "--episodes", "2", "--deterministic", "--checkpoint",
                RunCheckpointFile.path(run, 2).toString());
        assertEquals(0, fromCheckpoint.code(), fromCheckpoint.err());
        assertEquals(fromFinal.out().lines().skip(1).toList(), fromCheckpoint.out().lines().skip(1).toList());
    }

    @Test
    void samplingDiffersFromTheMeanAndDependsOnTheSeed() {
        List<String> det = Cli.run("eval", run.toString(), "--episodes", "2", "--deterministic").out().lines().skip(1).toList();
        List<String> s1 = Cli.run("eval", run.toString(), "--episodes", "2", "--seed", "1").out().lines().skip(1).toList();
        List<String> s1again = Cli.run("eval", run.toString(), "--episodes", "2", "--seed", "1").out().lines().skip(1).toList();
        List<String> s2 = Cli.run("eval", run.toString(), "--episodes", "2", "--seed", "2").out().lines().skip(1).toList();
        assertEquals(s1, s1again);
        assertNotEquals(s1, s2);
        assertNotEquals(Cli.run("eval", run.toString(), "--episodes", "2", "--seed", "0").out().lines().skip(1).toList(), det);
    }

    @Test
    void anEnvironmentOfOtherSizesIsRefusedByName() {
        Cli.Result r = Cli.run("eval", run.toString(), "--env", "MountainCarContinuous-v0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("MountainCarContinuous-v0 has 2 observations"), r.err());
        Cli.Result none = Cli.run("eval", tmp.resolve("nothing").toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no config.properties"), none.err());
    }

    /** The evaluation written out: normalize, the tanh MLP's mean, clip to [-2, 2], step; first reset with the seed. */
    private static List<String> direct(PolicyVersion v, int episodes, long seed) {
        List<String> lines = new ArrayList<>();
        float[] w = v.weights;
        try (Env env = EnvRegistry.make("Pendulum-v1")) {
            for (int ep = 0; ep < episodes; ep++) {
                double[] x = ep == 0 ? env.reset(seed) : env.reset();
                double ret = 0;
                int len = 0;
                while (true) {
                    double[] h = new double[3];
                    for (int i = 0; i < 3; i++) {
                        float z = (float) ((x[i] - v.obsMean[i]) / Math.sqrt(v.obsVar[i] + 1e-8));
                        h[i] = Math.max(-10, Math.min(10, z));
                        h[i] = (float) h[i];
                    }
                    int off = 0;
                    int[] sizes = {3, 64, 64, 1};
                    for (int l = 0; l < 3; l++) {
                        int in = sizes[l], out = sizes[l + 1];
                        double[] y = new double[out];
                        for (int o = 0; o < out; o++) {
                            double acc = w[off + in * out + o];
                            for (int i = 0; i < in; i++) acc += w[off + o * in + i] * h[i];
                            y[o] = l == 2 ? acc : Math.tanh(acc);
                        }
                        off += in * out + out;
                        h = y;
                    }
                    Step s = env.step(new double[] {Math.max(-2, Math.min(2, (float) h[0]))});
                    ret += s.reward();
                    len++;
                    if (s.done()) break;
                    x = s.observation();
                }
                lines.add(String.format(Locale.ROOT, "episode %d return %.3f length %d", ep + 1, ret, len));
            }
        }
        return lines;
    }
}
