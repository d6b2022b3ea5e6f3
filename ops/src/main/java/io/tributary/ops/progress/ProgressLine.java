package io.tributary.ops.progress;

import java.util.Locale;

/**
 * The one status line a training run redraws on a terminal: {@code [#####.....]  42% 430,080/1,000,000 steps
 * 12,345 steps/s ETA 0:46 return -1234.5}, fitted to the terminal's width: the bar takes what the numbers leave
 * (at most 40 columns); under 10 columns for it, the bar goes; the line never exceeds the width (cut at the right).
 */
public final class ProgressLine {

    static final int MAX_BAR = 40;
    static final int MIN_BAR = 10;

    private ProgressLine() {}

    /**
     * @param stepsPerSecond NaN while unknown
     * @param lastReturn the last iteration's mean episodic return; NaN before the first episode
     */
    public static String render(int width, long steps, long totalSteps, double stepsPerSecond, double lastReturn) {
        double fraction = totalSteps > 0 ? Math.min(1.0, (double) steps / totalSteps) : 0.0;
        StringBuilder numbers = new StringBuilder();
        numbers.append(String.format(Locale.ROOT, "%3d%% %,d/%,d steps", (int) Math.floor(fraction * 100), steps, totalSteps));
        if (Double.isFinite(stepsPerSecond) && stepsPerSecond > 0) {
            numbers.append(String.format(Locale.ROOT, " %,.0f steps/s ETA %s", stepsPerSecond,
                    duration(Math.max(0, totalSteps - steps) / stepsPerSecond)));
        }
        numbers.append(Double.isNaN(lastReturn) ? " return -" : String.format(Locale.ROOT, " return %.1f", lastReturn));
        int bar = Math.min(MAX_BAR, width - numbers.length() - 3); // "[" + bar + "] "
        String line = bar < MIN_BAR ? numbers.toString()
                : "[" + "#".repeat((int) Math.floor(fraction * bar)) + ".".repeat(bar - (int) Math.floor(fraction * bar)) + "] " + numbers;
        return line.length() > width ? line.substring(0, Math.max(0, width)) : line;
    }

    /** {@code h:mm:ss} from an hour on, else {@code m:ss}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
