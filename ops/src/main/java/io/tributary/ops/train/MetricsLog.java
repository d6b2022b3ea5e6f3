package io.tributary.ops.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One row per update, under CleanRL's metric names, both as a log line and as a row of
 * {@code runs/<name>/metrics.csv} (first column {@code wall_time}). The column set is fixed by the first row.
 */
public final class MetricsLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("tributary.metrics");

    private final BufferedWriter csv;
    private String[] columns;
    private boolean logLines = true;

    public MetricsLog(Path runDir) {
        this(runDir, -1);
    }

    /**
     * {@code resumeAfter >= 0}: appends to the run's {@code metrics.csv}, first dropping the rows after iteration
     * {@code resumeAfter} (those a killed run wrote after its checkpoint); {@code -1}: a new file.
     */
    public MetricsLog(Path runDir, long resumeAfter) {
        try {
            Files.createDirectories(runDir);
            Path file = runDir.resolve("metrics.csv");
            if (resumeAfter >= 0 && Files.exists(file)) {
                int dropped = io.tributary.learner.checkpoint.MetricsRows.keepThrough(file, resumeAfter);
                if (dropped > 0) LOG.info("metrics.csv: dropped {} rows after iteration {} (written after the checkpoint)", dropped, resumeAfter);
                List<String> lines = Files.readAllLines(file);
                if (!lines.isEmpty()) {
                    String header = lines.get(0);
                    columns = header.substring(header.indexOf(',') + 1).split(",", -1);
                }
                csv = Files.newBufferedWriter(file, StandardOpenOption.APPEND);
            } else {
                csv = Files.newBufferedWriter(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + runDir, e);
        }
    }

    /** Whether each row is also logged (false while a live status line shows the run instead). */
    public MetricsLog logLines(boolean on) {
        logLines = on;
        return this;
    }

    public static Map<String, Double> row() {
        return new LinkedHashMap<>();
    }

    public void write(Map<String, Double> row) {
        try {
            if (columns == null) {
                columns = row.keySet().toArray(new String[0]);
                csv.write("wall_time," + String.join(",", columns));
                csv.newLine();
            }
            // wall_time: Unix seconds, as TensorBoard's wall_time, so rows line up with other logs and runs
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%.3f,", System.currentTimeMillis() / 1e3));
            StringBuilder log = new StringBuilder();
            for (int i = 0; i < columns.length; i++) {
                Double v = row.get(columns[i]);
                String text = v == null || v.isNaN() ? "" : format(v);
                if (i > 0) line.append(',');
                line.append(text);
                if (!text.isEmpty()) log.append(columns[i]).append('=').append(text).append(' ');
            }
            csv.write(line.toString());
            csv.newLine();
            csv.flush();
            if (logLines) LOG.info(log.toString().trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics.csv", e);
        }
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v);
    }

    @Override
    public void close() {
        try {
            csv.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
