package io.tributary.learner.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * On resume, {@code metrics.csv} keeps the rows up to the checkpoint's iteration: rows a killed run wrote after its
 * last checkpoint are dropped (the resumed run writes those iterations again), so the file has one row per
 * iteration. Rewritten by temp file and rename.
 */
public final class MetricsRows {

    private MetricsRows() {}

    /** Keeps the header and the rows whose {@code iteration} column is at most {@code iteration}; returns how many went. */
    public static int keepThrough(Path csv, long iteration) {
        if (!Files.exists(csv)) return 0;
        try {
            List<String> lines = Files.readAllLines(csv);
            if (lines.isEmpty()) return 0;
            int col = Arrays.asList(lines.get(0).split(",", -1)).indexOf("iteration");
            if (col < 0) throw new IllegalArgumentException(csv + " has no 'iteration' column: " + lines.get(0));
            List<String> kept = new ArrayList<>(List.of(lines.get(0)));
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                // a torn last line (the process died while writing it) has fewer cells: dropped as well
                if (cells.length > col && !cells[col].isEmpty() && cells.length == kept.get(0).split(",", -1).length
                        && Double.parseDouble(cells[col]) <= iteration) {
                    kept.add(line);
                }
            }
            int dropped = lines.size() - kept.size();
            if (dropped == 0) return 0;
            Path tmp = csv.resolveSibling(csv.getFileName() + ".tmp");
            Files.write(tmp, kept);
            Files.move(tmp, csv, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return dropped;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + csv, e);
        }
    }
}
