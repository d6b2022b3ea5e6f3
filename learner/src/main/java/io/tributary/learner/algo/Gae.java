package io.tributary.learner.algo;

/**
 * Generalized advantage estimation over one fragment ({@code steps x numEnvs}, row {@code t * numEnvs + n}),
 * as CleanRL computes it, with an option for time limits.
 *
 * <p>CleanRL treats every episode end (terminated or truncated) as terminal: no bootstrap. With
 * {@code finalValues} given, a truncated (not terminated) step is bootstrapped from the value of its final
 * observation instead; the advantage recursion still stops at the episode boundary either way.
 */
public final class Gae {

    private Gae() {}

    /**
     * @param nextValues  [numEnvs] value of the observation after the last step
     * @param finalValues [rows] value of the final observation at truncated rows, or null for CleanRL's treatment
     * @param advantages  [rows] out
     * @param returns     [rows] out: advantages + values
     */
    public static void compute(int steps, int numEnvs, float[] rewards, float[] values, float[] nextValues,
            boolean[] terminated, boolean[] truncated, float[] finalValues, double gamma, double lambda,
            float[] advantages, float[] returns, int outOffset) {
        for (int n = 0; n < numEnvs; n++) {
            double lastGaeLam = 0;
            for (int t = steps - 1; t >= 0; t--) {
                int row = t * numEnvs + n;
                boolean done = terminated[row] || truncated[row];
                double nextNonTerminal = done ? 0.0 : 1.0;
                double nextValue = t == steps - 1 ? nextValues[n] : values[row + numEnvs];
                double bootstrap = gamma * nextValue * nextNonTerminal;
                if (finalValues != null && truncated[row] && !terminated[row]) {
                    bootstrap = gamma * finalValues[row];
                }
                double delta = rewards[row] + bootstrap - values[row];
                lastGaeLam = delta + gamma * lambda * nextNonTerminal * lastGaeLam;
                advantages[outOffset + row] = (float) lastGaeLam;
                returns[outOffset + row] = (float) (lastGaeLam + values[row]);
            }
        }
    }
}
