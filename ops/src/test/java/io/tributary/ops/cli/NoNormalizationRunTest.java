package io.tributary.ops.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.checkpoint.RunCheckpointFile;
import io.tributary.learner.pipeline.FinalWeights;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --actors 0 --normalization none}, sb3 without {@code VecNormalize} (the RL Zoo's setting for
 * Pendulum-v1), against the default CleanRL normalization on the same short run (Pendulum-v1, 2 copies, 2
 * iterations): the critic fits the raw returns, the policy file carries Gymnasium's initial statistics (the identity
 * the policy saw throughout), and the last checkpoint, whose rollout state holds no statistics, evaluates as the
 * final weights.
 */
class NoNormalizationRunTest {

    @TempDir
    static Path tmp;

    @BeforeAll
    static void trainTheSameShortRunWithAndWithoutNormalization() {
        for (String norm : List.of("none", "cleanrl")) {
            Cli.Result r = Cli.run("train", "--env", "Pendulum-v1", "--actors", "0", "--normalization", norm,
                    "--num-envs", "2", "--num-steps", "200", "--total-timesteps", "800", "--num-minibatches", "4",
                    "--update-epochs", "2", "--runs-dir", tmp.toString(), "--run-name", norm);
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().contains(norm + " normalization"), r.out());
        }
    }

    /**
     * A random policy earns about -6 per step on Pendulum-v1, so the raw discounted returns (gamma 0.99) are in the
     * hundreds and the first value loss in the thousands; CleanRL's reward scaling brings the returns to unit size.
     */
    @Test
    void theCriticFitsTheRawReturnsWhereCleanRlScalesThem() throws Exception {
        double none = firstValueLoss("none");
        double cleanRl = firstValueLoss("cleanrl");
        assertTrue(none > 1000, "value loss on raw returns " + none);
        assertTrue(cleanRl < 50, "value loss on scaled returns " + cleanRl);
    }

    @Test
    void thePolicyFileCarriesTheIdentityStatistics() throws Exception {
        PolicyVersion v = FinalWeights.read(tmp.resolve("none").resolve("final-weights.bin"), PolicySpec.cleanRl(3, 1));
        assertEquals(PolicyVersion.INITIAL_OBS_COUNT, v.obsCount);
        assertArrayEquals(new double[] {0, 0, 0}, v.obsMean);
        assertArrayEquals(new double[] {1, 1, 1}, v.obsVar);
    }

    @Test
    void theLastCheckpointEvaluatesAsTheFinalWeights() {
        Path run = tmp.resolve("none");
        Cli.Result fromFinal = Cli.run("eval", run.toString(), "--episodes", "2", "--deterministic");
        Cli.Result fromCheckpoint = Cli.run("eval", run.toString(), "--episodes", "2", "--deterministic", "--checkpoint",
                RunCheckpointFile.path(run, 2).toString());
        assertEquals(0, fromFinal.code(), fromFinal.err());
        assertEquals(0, fromCheckpoint.code(), fromCheckpoint.err());
        assertEquals(fromFinal.out().lines().skip(1).toList(), fromCheckpoint.out().lines().skip(1).toList());
    }

    private static double firstValueLoss(String run) throws Exception {
        List<String> csv = Files.readAllLines(tmp.resolve(run).resolve("metrics.csv"));
        int column = Arrays.asList(csv.get(0).split(",")).indexOf("losses/value_loss");
        assertTrue(column >= 0, csv.get(0));
        return Double.parseDouble(csv.get(1).split(",")[column]);
    }
}
