package io.tributary.ops.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

    @Test
    void everyRowStartsWithTheWallClockTimeInUnixSeconds(@TempDir Path dir) throws Exception {
        double before = System.currentTimeMillis() / 1e3;
        try (MetricsLog log = new MetricsLog(dir)) {
            Map<String, Double> row = MetricsLog.row();
            row.put("global_step", 2048.0);
            row.put("losses/value_loss", 0.5);
            log.write(row);
            log.write(row);
        }
        double after = System.currentTimeMillis() / 1e3;
        List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals("wall_time,global_step,losses/value_loss", lines.get(0));
        assertEquals(3, lines.size());
        for (String line : lines.subList(1, 3)) {
            String[] cells = line.split(",");
            double t = Double.parseDouble(cells[0]);
            assertTrue(t >= before - 0.001 && t <= after + 0.001, "wall_time " + t + " outside [" + before + ", " + after + "]");
            assertEquals("2048", cells[1]);
        }
    }
}
