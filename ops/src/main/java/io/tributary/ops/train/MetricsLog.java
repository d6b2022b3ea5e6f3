package io.tributary.ops.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    public MetricsLog(Path runDir) {
        try {
            Files.createDirectories(runDir);
            csv = Files.newBufferedWriter(runDir.resolve("metrics.csv"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + runDir, e);
        }
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
            LOG.info(log.toString().trim());
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
