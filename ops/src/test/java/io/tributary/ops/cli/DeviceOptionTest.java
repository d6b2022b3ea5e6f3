package io.tributary.ops.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.learner.nn.cuda.CudaNative;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --device} on train and bench-update: a malformed value is a usage error, and CUDA asked for on a machine
 * where it cannot be used ends the command with exit 2 and the library search's account (what is missing, every
 * place tried) before a run directory exists. The CUDA-absent cases need a machine without a usable CUDA (skipped,
 * saying so, where there is one); the CPU route's own tests are the rest of this suite, unchanged.
 */
class DeviceOptionTest {

    @Test
    void aDeviceThatIsNeitherCpuNorCudaIsAUsageError(@TempDir Path dir) {
        for (String bad : new String[] {"gpu", "cuda:", "cuda:-1", "cuda:x"}) {
            Cli.Result r = Cli.run("train", "--env", "Pendulum-v1", "--actors", "0", "--iterations", "1", "--runs-dir",
                    dir.toString(), "--device", bad);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("--device") && r.err().contains("cpu, cuda or cuda:N") && r.err().contains(bad), r.err());
        }
        Cli.Result r = Cli.run("bench-update", "--device", "tpu");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--device") && r.err().contains("tpu"), r.err());
    }

    @Test
    void cudaAskedForWithoutCudaIsExit2NamingTheMissingLibraryAndWhereItWasSought(@TempDir Path dir) throws Exception {
        assumeTrue(!CudaNative.available(), "this machine has a usable CUDA: the failure path cannot be shown here");
        for (String[] argv : new String[][] {
            {"train", "--env", "Pendulum-v1", "--actors", "0", "--iterations", "1", "--runs-dir", dir.toString(), "--device", "cuda"},
            {"train", "--env", "Pendulum-v1", "--actors", "2", "--iterations", "1", "--runs-dir", dir.toString(), "--device", "cuda:1"},
            {"bench-update", "--device", "cuda", "--rows", "64"},
        }) {
            Cli.Result r = Cli.run(argv);
            String cmd = argv[0];
            assertEquals(2, r.code(), cmd + ": " + r.err());
            String err = r.err();
            assertTrue(err.startsWith("tributary " + cmd + ": --device: "), err);
            assertTrue(err.contains("not found: ") || err.contains("finds no usable GPU"), err);
            assertTrue(err.contains("Searched, in order: 1. -Dtributary.cuda.lib.dir") || err.contains("cudaGetDeviceCount"), err);
            assertFalse(err.contains("\tat "), "no stack trace: " + err);
        }
        try (var entries = Files.list(dir)) {
            assertEquals(0, entries.count(), "no run directory was created");
        }
    }
}
