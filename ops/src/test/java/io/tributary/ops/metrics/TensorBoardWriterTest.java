package io.tributary.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorBoardWriterTest {

    private static Path write(Path dir) {
        try (TensorBoardWriter tb = new TensorBoardWriter(dir)) {
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("charts/episodic_return", -1234.5);
            row.put("charts/SPS", 4096.0);
            row.put("losses/value_loss", 0.125);
            row.put("charts/episodic_length", Double.NaN);
            tb.record(2048, 1_700_000_000.25, row);
            row.put("charts/episodic_return", -200.75);
            tb.record(4096, 1_700_000_001.5, row);
            return tb.file();
        }
    }

    @Test
    void anIndependentReaderFindsTheFileVersionThenEachStepWithItsTagsAndValuesAndNoNaN(@TempDir Path dir) throws Exception {
        Path file = write(dir);
        assertTrue(file.getFileName().toString().startsWith("events.out.tfevents."), file.toString());
        PythonReader.Output o = PythonReader.run("/tensorboard/read_events.py", file.toString());
        assertEquals(0, o.exitCode(), o.stderr());
        assertEquals(3, o.lines().size(), o.lines().toString());
        assertTrue(o.lines().get(0).startsWith("0\t") && o.lines().get(0).endsWith("\tbrain.Event:2"), o.lines().get(0));
        assertEquals("2048\t1700000000.25\t-\tcharts/episodic_return=-1234.5\tcharts/SPS=4096.0\tlosses/value_loss=0.125",
                o.lines().get(1));
        assertEquals("4096\t1700000001.5\t-\tcharts/episodic_return=-200.75\tcharts/SPS=4096.0\tlosses/value_loss=0.125",
                o.lines().get(2));
    }

    @Test
    void theReaderRejectsAFileWithOneFlippedBitInADataRecordOrALengthCrc(@TempDir Path dir) throws Exception {
        Path file = write(dir);
        byte[] good = Files.readAllBytes(file);
        byte[] data = good.clone();
        data[data.length - 10] ^= 1; // inside the last record's data
        Files.write(file, data);
        PythonReader.Output o = PythonReader.run("/tensorboard/read_events.py", file.toString());
        assertNotEquals(0, o.exitCode());
        assertTrue(o.stderr().contains("record 2: bad data CRC"), o.stderr());
        byte[] header = good.clone();
        header[9] ^= 0x40; // the first record's length CRC
        Files.write(file, header);
        o = PythonReader.run("/tensorboard/read_events.py", file.toString());
        assertTrue(o.stderr().contains("record 0: bad length CRC"), o.stderr());
    }
}
