package io.tributary.ops.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --progress true|false}: the status line on the command's output, or none (off a terminal: none). */
class TrainProgressTest {

    @TempDir
    Path tmp;

    private Cli.Result train(String name, String... more) {
        String[] base = {"train", "--env", "Pendulum-v1", "--actors", "0", "--num-envs", "2", "--num-steps", "128", "--total-timesteps",
                "512", "--num-minibatches", "4", "--update-epochs", "1", "--runs-dir", tmp.toString(), "--run-name", name};
        String[] argv = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, argv, base.length, more.length);
        return Cli.run(argv);
    }

    @Test
    void progressTrueRedrawsOneStatusLineToTheEnd() {
        Cli.Result r = train("on", "--progress", "true");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("\r[") && r.out().contains("] 100% 512/512 steps"), r.out());
        assertTrue(r.out().contains(" 50% 256/512 steps"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("train: rpo Pendulum-v1 seed 1: 512 steps")), "the summary on a line of its own");
    }

    @Test
    void offATerminalOrWithFalseThereIsNone() {
        assertFalse(train("off", "--progress", "false").out().contains("\r"));
        assertFalse(train("auto").out().contains("\r"), "tests run without a terminal");
        Cli.Result bad = train("bad", "--progress", "yes");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--progress") && bad.err().contains("one of true, false"), bad.err());
    }
}
