package io.tributary.ops.progress;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void aWideTerminalGetsAFortyColumnBarAndEveryNumber() {
        assertEquals("[#################.......................]  43% 430,080/1,000,000 steps 12,345 steps/s ETA 0:46 return -1234.5",
                ProgressLine.render(120, 430_080, 1_000_000, 12_345, -1234.5));
    }

    @Test
    void theBarTakesWhatTheNumbersLeaveOnAnEightyColumnTerminal() {
        assertEquals("[####......]  43% 430,080/1,000,000 steps 12,345 steps/s ETA 0:46 return -1234.5",
                ProgressLine.render(80, 430_080, 1_000_000, 12_345, -1234.5));
    }

    @Test
    void aNarrowTerminalDropsTheBarThenCutsTheLine() {
        assertEquals(" 43% 430,080/1,000,000 steps 12,345 steps/s ETA 0:46 return -1234.5",
                ProgressLine.render(75, 430_080, 1_000_000, 12_345, -1234.5));
        assertEquals(" 43% 430,080/1,000,000 steps", ProgressLine.render(28, 430_080, 1_000_000, 12_345, -1234.5));
    }

    @Test
    void beforeTheFirstEpisodeAndTheFirstRateTheLineSaysSo() {
        assertEquals("[........................................]   0% 0/1,000,000 steps return -",
                ProgressLine.render(100, 0, 1_000_000, Double.NaN, Double.NaN));
        assertEquals("[########################################] 100% 2,048/2,048 steps 900 steps/s ETA 0:00 return -150.0",
                ProgressLine.render(100, 2048, 2048, 900, -150));
    }

    @Test
    void longRunsShowHoursInTheEta() {
        assertEquals("1:01:01", ProgressLine.duration(3661));
        assertEquals("2:05", ProgressLine.duration(125.4));
    }

    @Test
    void theSinkRedrawsInPlaceKeepsTheLastReturnAndEndsWithANewline() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressSink sink = new ProgressSink(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1000, 45);
        sink.record(500, 0, Map.of("charts/SPS", 100.0, "charts/episodic_return", -1234.5));
        sink.record(1000, 0, Map.of("charts/episodic_return", Double.NaN));
        sink.close();
        assertTrue(sink.replacesLogLine());
        String first = " 50% 500/1,000 steps 100 steps/s ETA 0:05 return -1234.5".substring(0, 44);
        String second = "100% 1,000/1,000 steps return -1234.5";
        assertEquals("\r" + first + "\r" + second + " ".repeat(first.length() - second.length()) + "\n",
                bytes.toString(StandardCharsets.UTF_8), "45 columns (44 drawn): the first cut, no room for a bar in the second, which pads over the first");
    }

    @Test
    void otherLinesScrollAboveTheStatusLineWhichIsDrawnAgainBelowThem() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressSink sink = new ProgressSink(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1000, 45);
        sink.linesAbove().println("before the first iteration");
        sink.record(1000, 0, Map.of("charts/episodic_return", -1.5));
        sink.linesAbove().println("learner: checkpoint of version 1 written");
        sink.close();
        String status = "100% 1,000/1,000 steps return -1.5";
        assertEquals("before the first iteration\n" + "\r" + status + "\r" + " ".repeat(status.length()) + "\r"
                + "learner: checkpoint of version 1 written\n" + status + "\n", bytes.toString(StandardCharsets.UTF_8));
    }
}
