package io.tributary.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --dm-control-dir} in a fresh JVM each time: the envs module looks for a dm_control installation once per
 * process, so only a process whose first look is the option's shows what a user sees.
 */
class DmControlDirOptionTest {

    private static String[] run(String... argv) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(argv));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("TRIBUTARY_DM_CONTROL_DIR");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {Integer.toString(p.waitFor()), out};
    }

    @Test
    void aDogTaskWithADirectoryThatLacksTheDogIsABadOptionNamingTheFileMissing(@TempDir Path empty) throws Exception {
        String[] r = run("train", "--env", "dm_control/dog-walk-v0", "--actors", "0", "--iterations", "1",
                "--dm-control-dir", empty.toString());
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains("option '--env' dm_control/dog-walk-v0 is not available here"), r[1]);
        assertTrue(r[1].contains(empty.resolve("suite").resolve("dog.xml") + " does not exist"), r[1]);
    }

    @Test
    void envsListsTheDogTasksItCannotMakeWithTheReasonAndTheOption(@TempDir Path empty) throws Exception {
        String[] r = run("envs", "--dm-control-dir", empty.toString());
        assertEquals("0", r[0], r[1]);
        for (String task : List.of("stand", "walk", "trot", "run", "fetch")) {
            assertTrue(java.util.regex.Pattern.compile("(?m)^dm_control/dog-" + task
                    + "-v0 +not available here: needs a dm_control installation \\(--dm-control-dir DIR\\)$").matcher(r[1]).find(), r[1]);
        }
        assertTrue(r[1].contains("dm_control/walker-walk-v0"), r[1]);
    }
}
