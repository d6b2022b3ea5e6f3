package io.tributary.ops.plot;

import io.tributary.ops.cli.ResumeConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Return against env steps for several runs in one PNG ({@link CurveChart}). Runs whose configurations
 * (config.properties) differ only by {@code seed} form one group, drawn as the mean over its seeds with the standard
 * deviation as error bars, over the iterations every seed has; a run alone is drawn as it is.
 */
public final class CurvePlot {

    /** One drawn series: its legend and the runs behind it. */
    public record Group(String label, List<Curve> runs) {}

    private CurvePlot() {}

    /** The runs grouped by configuration without the seed, in the order given. */
    public static List<Group> group(List<Path> runDirs) {
        Map<Map<String, String>, List<Curve>> groups = new LinkedHashMap<>();
        Map<Map<String, String>, List<String>> seeds = new LinkedHashMap<>();
        for (Path dir : runDirs) {
            Map<String, String> config = new LinkedHashMap<>(ResumeConfig.read(dir).config());
            String seed = config.remove("seed");
            config.remove("iterations"); // where a run stopped, not what it trained
            groups.computeIfAbsent(config, k -> new ArrayList<>()).add(Curve.read(dir));
            seeds.computeIfAbsent(config, k -> new ArrayList<>()).add(seed);
        }
        List<Group> out = new ArrayList<>();
        for (var e : groups.entrySet()) {
            List<Curve> runs = e.getValue();
            String label = runs.size() == 1 ? runs.get(0).runDir().getFileName().toString()
                    : e.getKey().get("env-id") + " " + e.getKey().get("algo") + ", seeds " + String.join(", ", seeds.get(e.getKey()))
                            + " (mean, std)";
            out.add(new Group(label, runs));
        }
        return out;
    }

    /** One group's points: env steps, the mean return and, for a group of several seeds, its standard deviation. */
    record Series(String label, double[] x, double[] mean, double[] std) {}

    /** The groups as drawn series: means and spreads over the iterations every seed of a group has. */
    static List<Series> series(List<Group> groups) {
        List<Series> out = new ArrayList<>();
        // distinct legends even when two groups would get the same label
        java.util.Set<String> used = new java.util.HashSet<>();
        for (Group g : groups) {
            String name = g.label();
            for (int i = 2; !used.add(name); i++) name = g.label() + " #" + i;
            int n = g.runs().stream().mapToInt(c -> c.steps().length).min().orElseThrow();
            double[] x = Arrays.copyOf(g.runs().get(0).steps(), n);
            double[] mean = new double[n];
            double[] std = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0, ss = 0;
                for (Curve c : g.runs()) {
                    s += c.returns()[i];
                    ss += c.returns()[i] * c.returns()[i];
                }
                int k = g.runs().size();
                mean[i] = s / k;
                std[i] = Math.sqrt(Math.max(0, ss / k - mean[i] * mean[i]));
            }
            out.add(new Series(name, x, mean, g.runs().size() > 1 ? std : null));
        }
        return out;
    }

    /** The PNG of {@link #render}, written to a temporary file and moved over {@code png}. */
    public static void write(List<Group> groups, Path png, int width, int height) throws IOException {
        byte[] bytes = PngWriter.encode(width, height, CurveChart.render(series(groups), width, height).rgb);
        Path abs = png.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        java.nio.file.Files.write(tmp, bytes);
        java.nio.file.Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

}
