package io.tributary.actors;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.envs.stats.RunningMeanStd;
import io.tributary.protocol.TrajectoryFragment;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FragmentMergerTest {

    /** A part whose every value encodes (part, t, local env) and whose moments are those of its observations. */
    private static TrajectoryFragment part(int p, int m, int steps, Random rnd) {
        TrajectoryFragment f = new TrajectoryFragment(m, steps, 2, 1);
        f.policyVersion = 5;
        f.specHash = 9;
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < m; j++) {
                int r = t * m + j;
                f.observations[r * 2] = p * 1000 + t * 10 + j;
                f.observations[r * 2 + 1] = (float) rnd.nextGaussian();
                f.actions[r] = -(p * 1000 + t * 10 + j);
                f.rewards[r] = p * 1000 + t * 10 + j;
                f.truncated[r] = t == steps - 1 && j == 0;
            }
        }
        for (int j = 0; j < m; j++) f.nextObservations[j * 2] = p * 1000 + 999 + j;
        RunningMeanStd rms = new RunningMeanStd(2);
        double[] obs = new double[f.rows() * 2];
        for (int i = 0; i < obs.length; i++) obs[i] = f.observations[i];
        rms.update(obs, 0, f.rows());
        f.obsCount = f.rows();
        double[] m2 = new double[2];
        for (int i = 0; i < 2; i++) {
            double mean = 0;
            for (int r = 0; r < f.rows(); r++) mean += obs[r * 2 + i];
            mean /= f.rows();
            f.obsMean[i] = mean;
            for (int r = 0; r < f.rows(); r++) m2[i] += (obs[r * 2 + i] - mean) * (obs[r * 2 + i] - mean);
            f.obsM2[i] = m2[i];
        }
        f.addEpisode(-p, 200 + p);
        return f;
    }

    @Test
    void rowsLandAtTheirGlobalEnvAndMomentsCombineExactly() {
        Random rnd = new Random(1);
        int k = 3, m = 2, steps = 5, n = k * m;
        TrajectoryFragment[] parts = new TrajectoryFragment[k];
        for (int p = 0; p < k; p++) parts[p] = part(p, m, steps, rnd);
        TrajectoryFragment into = new TrajectoryFragment(n, steps, 2, 1);
        FragmentMerger.merge(parts, into);
        for (int t = 0; t < steps; t++) {
            for (int e = 0; e < n; e++) {
                int p = e / m, j = e % m, row = t * n + e;
                assertEquals(p * 1000 + t * 10 + j, into.observations[row * 2]);
                assertEquals(-(p * 1000 + t * 10 + j), into.actions[row]);
                assertEquals(p * 1000 + t * 10 + j, into.rewards[row]);
                assertEquals(t == steps - 1 && j == 0, into.truncated[row]);
            }
        }
        for (int e = 0; e < n; e++) assertEquals((e / m) * 1000 + 999 + e % m, into.nextObservations[e * 2]);
        assertEquals(k, into.episodeCount);
        assertEquals(5, into.policyVersion);
        // moments: equal to the moments over all rows
        double[] all = new double[into.rows() * 2];
        for (int i = 0; i < all.length; i++) all[i] = into.observations[i];
        assertEquals(into.rows(), into.obsCount);
        for (int i = 0; i < 2; i++) {
            double mean = 0;
            for (int r = 0; r < into.rows(); r++) mean += all[r * 2 + i];
            mean /= into.rows();
            double m2 = 0;
            for (int r = 0; r < into.rows(); r++) m2 += (all[r * 2 + i] - mean) * (all[r * 2 + i] - mean);
            assertEquals(mean, into.obsMean[i], 1e-9 * Math.max(1, Math.abs(mean)));
            assertEquals(m2, into.obsM2[i], 1e-9 * Math.max(1, m2));
        }
    }

    @Test
    void partsThatDoNotFitAreRejected() {
        TrajectoryFragment[] parts = {new TrajectoryFragment(2, 5, 2, 1), new TrajectoryFragment(2, 5, 2, 1)};
        assertThrows(IllegalArgumentException.class, () -> FragmentMerger.merge(parts, new TrajectoryFragment(3, 5, 2, 1)));
    }
}
