package io.tributary.envs.dmc;

import io.tributary.envs.mujoco.MuJoCoCheck;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading in a fresh JVM: works with the built shim; a missing library gives one message saying what to install. */
class MuJoCoLoadingTest {

    private static Process run(String... props) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path")));
        cmd.addAll(List.of(props));
        cmd.add(MuJoCoCheck.class.getName());
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Test
    void loadsWithTheBuiltShim() throws Exception {
        Process p = run();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("MuJoCo 2.2.2"), out);
    }

    @Test
    void missingLibraryNamesWhatToInstall() throws Exception {
        Process p = run("-Dtributary.mujoco.lib=/nonexistent/libmujoco.so");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), out);
        assertTrue(out.contains("tributary.mujoco.lib=/nonexistent/libmujoco.so"), out);
        Process q = run("-Dtributary.mujoco.shim=/nonexistent/libtributary_mujoco.so");
        String out2 = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, q.waitFor(), out2);
        assertTrue(out2.contains("is not a file"), out2);
    }
}
