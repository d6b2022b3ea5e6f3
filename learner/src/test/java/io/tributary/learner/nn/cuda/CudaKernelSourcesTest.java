package io.tributary.learner.nn.cuda;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel sources as they ship (class-path resources): every kernel the Java side launches is declared, and,
 * where the CUDA toolkit's nvcc is installed (no GPU needed), each file compiles for Hopper (sm_90) with the options
 * NVRTC gets at start-up. NVRTC is the same front end without host headers; the sources include none.
 */
class CudaKernelSourcesTest {

    static final List<String> LAUNCHED = List.of("bias_act", "scale_by_derivative", "column_sums", "gather_rows",
            "adv_stats", "ppo_rows", "column_sums_f64", "ppo_finish", "sumsq_partial", "clip_adam");

    @Test
    void everyKernelTheBackendLaunchesIsDeclaredInTheSources() throws IOException {
        List<String> declared = new java.util.ArrayList<>();
        for (String f : CudaKernels.SOURCES) {
            String src = CudaKernels.source(f);
            assertFalse(src.contains("#include"), f + " must compile under NVRTC without host headers");
            declared.addAll(CudaKernels.kernelNames(src));
        }
        assertEquals(new java.util.TreeSet<>(LAUNCHED), new java.util.TreeSet<>(declared));
        // and the Java side names no other kernel
        for (Path file : List.of(Path.of("src/main/java/io/tributary/learner/nn/cuda/CudaBackend.java"),
                Path.of("src/main/java/io/tributary/learner/nn/cuda/CudaPpoStep.java"))) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("launch\\(\"(\\w+)\"").matcher(Files.readString(file));
            while (m.find()) assertTrue(declared.contains(m.group(1)), file + " launches undeclared " + m.group(1));
        }
    }

    @Test
    void theKernelsCompileForHopperWithNvcc(@TempDir Path tmp) throws Exception {
        Path nvcc = Path.of(System.getenv().getOrDefault("CUDA_HOME", "/usr/local/cuda"), "bin", "nvcc");
        assumeTrue(Files.isExecutable(nvcc), "no nvcc at " + nvcc + ": the compile check needs the CUDA toolkit");
        for (String f : CudaKernels.SOURCES) {
            Path src = tmp.resolve(f);
            Files.writeString(src, CudaKernels.source(f));
            Process p = new ProcessBuilder(nvcc.toString(), "-arch=sm_90", "-cubin", "--fmad=false", "-std=c++17",
                    "-Werror", "all-warnings", "-o", tmp.resolve(f + ".cubin").toString(), src.toString())
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nvcc " + f + " timed out");
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.exitValue(), "nvcc " + f + ":\n" + out);
            assertTrue(Files.size(tmp.resolve(f + ".cubin")) > 1000, f + " produced a CUBIN");
        }
    }
}
