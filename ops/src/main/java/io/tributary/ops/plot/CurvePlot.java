package io.tributary.ops.plot;

import io.tributary.ops.cli.ResumeConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Return against env steps for several runs in one PNG (XChart). Runs whose configurations (config.properties)
 * differ only by {@code seed} form one group, drawn as the mean over its seeds with the standard deviation as error
 * bars, over the iterations every seed has; a run alone is drawn as it is.
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

    public static void write(List<Group> groups, Path png, int width, int height) throws IOException {
        XYChart chart = new XYChartBuilder().width(width).height(height).title("episodic return").xAxisTitle("env steps")
                .yAxisTitle("mean episodic return").build();
        chart.getStyler().setMarkerSize(3);
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
            XYSeries series = g.runs().size() > 1 ? chart.addSeries(name, x, mean, std) : chart.addSeries(name, x, mean);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        // XChart appends ".png" to the name it is given
        Path abs = png.toAbsolutePath();
        String name = abs.toString();
        Path tmp = Path.of((name.endsWith(".png") ? name.substring(0, name.length() - 4) : name) + ".tmp");
        BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        java.nio.file.Files.move(Path.of(tmp + ".png"), abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
