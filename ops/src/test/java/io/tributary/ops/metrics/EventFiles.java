package io.tributary.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run directory's TensorBoard events as the independent Python reader sees them. */
public final class EventFiles {

    /** One event: its step and its scalars. */
    public record Event(long step, Map<String, Double> values) {}

    private EventFiles() {}

    /** The scalar events of the run directory's one event file (the file-version record left out). */
    public static List<Event> read(Path runDir) throws Exception {
        List<Path> files;
        try (var s = Files.list(runDir)) {
            files = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList();
        }
        assertEquals(1, files.size(), "event files in " + runDir + ": " + files);
        PythonReader.Output o = PythonReader.run("/tensorboard/read_events.py", files.get(0).toString());
        assertEquals(0, o.exitCode(), o.stderr());
        List<Event> events = new ArrayList<>();
        for (String line : o.lines()) {
            String[] cells = line.split("\t");
            if (!cells[2].equals("-")) continue;
            Map<String, Double> values = new LinkedHashMap<>();
            for (int i = 3; i < cells.length; i++) {
                int eq = cells[i].lastIndexOf('=');
                values.put(cells[i].substring(0, eq), Double.parseDouble(cells[i].substring(eq + 1)));
            }
            events.add(new Event(Long.parseLong(cells[0]), values));
        }
        return events;
    }

    /** metrics.csv's rows as column name to value (empty cells left out). */
    public static List<Map<String, Double>> csv(Path runDir) throws Exception {
        List<String> lines = Files.readAllLines(runDir.resolve("metrics.csv"));
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, Double>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, Double> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) if (!cells[i].isEmpty()) row.put(header[i], Double.parseDouble(cells[i]));
            rows.add(row);
        }
        return rows;
    }
}
