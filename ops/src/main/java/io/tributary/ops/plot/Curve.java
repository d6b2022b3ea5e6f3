package io.tributary.ops.plot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One run's learning curve from its metrics.csv: env steps ({@code global_step}, single process; {@code env_steps},
 * pipeline) and the iteration's mean episodic return ({@code charts/episodic_return}; {@code mean_episodic_return}),
 * rows without a finished episode left out.
 */
public record Curve(Path runDir, double[] steps, double[] returns) {

    public static Curve read(Path runDir) {
        Path file = runDir.resolve("metrics.csv");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (lines.isEmpty()) throw new IllegalArgumentException(file + " is empty");
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int x = column(file, header, "global_step", "env_steps");
        int y = column(file, header, "charts/episodic_return", "mean_episodic_return");
        List<double[]> points = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells.length <= Math.max(x, y) || cells[y].isEmpty()) continue;
            points.add(new double[] {Double.parseDouble(cells[x]), Double.parseDouble(cells[y])});
        }
        if (points.isEmpty()) throw new IllegalArgumentException(file + " has no iteration with a finished episode");
        return new Curve(runDir, points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray());
    }

    private static int column(Path file, List<String> header, String... names) {
        for (String n : names) if (header.contains(n)) return header.indexOf(n);
        throw new IllegalArgumentException(file + " has none of the columns " + String.join(", ", names));
    }
}
