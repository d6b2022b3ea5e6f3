package io.tributary.ops.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code train --config FILE}: HOCON (comments, lists, includes) under the command line's options, the resolved
 * configuration saved as {@code config.conf}, which repeats the run; bad keys named; the shipped configs load.
 */
class TrainConfigTest {

    @TempDir
    Path tmp;

    @Test
    void aConfigFileWithCommandLineOverridesIsSavedAndRepeatsTheRun() throws Exception {
        Files.writeString(tmp.resolve("base.conf"), "# shared\nnum-minibatches = 4\nupdate-epochs: 2\n");
        Path conf = tmp.resolve("short.conf");
        Files.writeString(conf, """
                include "base.conf"
                // a short Pendulum run in one process
                env = Pendulum-v1
                actors = 0
                num-envs = 2
                num-steps = 128
                total-timesteps = 512
                learning-rate = 1e-3
                hidden = [32, 32]
                seed = 7
                """);
        Cli.Result a = Cli.run("train", "--config", conf.toString(), "--seed", "3", "--runs-dir", tmp.toString(), "--run-name", "a");
        assertEquals(0, a.code(), a.out() + a.err());
        Path saved = tmp.resolve("a").resolve(ConfigFile.FILE_NAME);
        Map<String, String> values = ConfigFile.read(saved, TrainCommand.configKeys());
        assertEquals("3", values.get("seed"), "the command line wins");
        assertEquals("0.001", values.get("learning-rate"));
        assertEquals("32,32", values.get("hidden"));
        assertEquals("4", values.get("num-minibatches"), "from the included file");
        assertEquals("cleanrl", values.get("normalization"));
        assertFalse(values.containsKey("run-name") || values.containsKey("runs-dir"));

        Cli.Result b = Cli.run("train", "--config", saved.toString(), "--runs-dir", tmp.toString(), "--run-name", "b");
        assertEquals(0, b.code(), b.out() + b.err());
        List<String> rowsA = withoutClocks(tmp.resolve("a/metrics.csv"));
        assertEquals(3, rowsA.size(), "header and 2 iterations");
        assertEquals(rowsA, withoutClocks(tmp.resolve("b/metrics.csv")));
        assertEquals(Files.readString(saved), Files.readString(tmp.resolve("b").resolve(ConfigFile.FILE_NAME)).replace("/b/", "/a/"));
    }

    @Test
    void anUnknownKeyIsNamedWithTheKnownKeys() throws Exception {
        Path conf = tmp.resolve("bad.conf");
        Files.writeString(conf, "env = Pendulum-v1\nlerning-rate = 1e-3\n");
        Cli.Result r = Cli.run("train", "--config", conf.toString(), "--runs-dir", tmp.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("tributary train: --config " + conf + ": unknown key 'lerning-rate' (line 2); known keys are"), r.err());
        assertTrue(r.err().contains("learning-rate") && r.err().contains("num-envs") && !r.err().contains(" config,"), r.err());
        Files.writeString(conf, "num-envs = 0\nactors = 0\n");
        Cli.Result range = Cli.run("train", "--config", conf.toString(), "--runs-dir", tmp.toString());
        assertEquals(2, range.code());
        assertTrue(range.err().contains("num-envs"), range.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic-control.conf", "dm-control-light.conf", "dm-control-locomotion.conf"})
    void theShippedConfigsNameOnlyKnownKeys(String name) {
        Path file = Path.of("configs", name);
        Map<String, String> values = ConfigFile.read(file, TrainCommand.configKeys());
        assertEquals("rpo", values.get("algo"));
        assertEquals("0.0003", String.valueOf(Double.parseDouble(values.get("learning-rate"))).replace("3.0E-4", "0.0003"));
        assertTrue(values.containsKey("env") && values.containsKey("actors"), values.toString());
    }

    @Test
    void theClassicControlConfigTrains() {
        Cli.Result r = Cli.run("train", "--config", "configs/classic-control.conf", "--iterations", "1", "--runs-dir", tmp.toString(),
                "--run-name", "c");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("seed 1: 2048 steps"), r.out());
    }

    /** metrics.csv without the columns that depend on the clock: wall_time, charts/SPS and the timings (*_s). */
    static List<String> withoutClocks(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",", -1);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < header.length; i++) {
                if (header[i].equals("wall_time") || header[i].equals("charts/SPS") || header[i].endsWith("_s")) continue;
                b.append(cells[i]).append(',');
            }
            out.add(b.toString());
        }
        return out;
    }
}
