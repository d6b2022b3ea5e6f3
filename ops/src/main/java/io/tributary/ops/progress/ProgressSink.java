package io.tributary.ops.progress;

import io.tributary.learner.metrics.MetricsSink;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Redraws {@link ProgressLine} with a carriage return after every iteration, in place of the per-iteration log
 * lines ({@link #replacesLogLine}); a newline at the end. The width is {@code $COLUMNS}, else 80. The run's other
 * lines go through {@link #linesAbove()}, so that they scroll above the status line instead of running into it.
 */
public final class ProgressSink implements MetricsSink {

    private final PrintStream out;
    private final long totalSteps;
    private final int width;
    private double lastReturn = Double.NaN;
    private int drawn;
    private String status = "";
    private final PrintStream above = new PrintStream(new OutputStream() {
        private boolean midLine;

        @Override
        public void write(int b) {
            synchronized (ProgressSink.this) {
                if (!midLine && drawn > 0) out.print("\r" + " ".repeat(drawn) + "\r");
                out.write(b);
                midLine = b != '\n';
                if (!midLine && drawn > 0) out.print(status);
                if (!midLine) out.flush();
            }
        }
    }, true, StandardCharsets.UTF_8);

    public ProgressSink(PrintStream out, long totalSteps, int width) {
        this.out = out;
        this.totalSteps = totalSteps;
        this.width = width;
    }

    /** The terminal's width as the shell exports it ({@code COLUMNS}), else 80. */
    public static int terminalWidth() {
        try {
            int w = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").trim());
            return w >= 20 ? w : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** A stream for the run's other lines: each clears the status line, is written, and the status line is redrawn. */
    public PrintStream linesAbove() {
        return above;
    }

    @Override
    public synchronized void record(long globalStep, double wallTimeS, Map<String, Double> scalars) {
        Double r = scalars.get("charts/episodic_return");
        if (r != null && !r.isNaN()) lastReturn = r;
        Double sps = scalars.get("charts/SPS");
        String line = ProgressLine.render(width - 1, globalStep, totalSteps, sps == null ? Double.NaN : sps, lastReturn);
        // pad over what the previous line left
        out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        out.flush();
        drawn = line.length();
        status = line;
    }

    @Override
    public boolean replacesLogLine() {
        return true;
    }

    @Override
    public synchronized void close() {
        if (drawn > 0) out.println();
        drawn = 0;
    }
}
