package io.tributary.learner.nn.cuda;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CUDA library search on fake machines: folders of empty files named like the libraries. */
class CudaLibrariesTest {

    @TempDir
    Path root;

    /** A machine with the given properties and environment, ldconfig lines and site-packages. */
    private static CudaLibraries.Machine machine(Map<String, String> props, Map<String, String> env, List<String> ldconfig,
            List<Path> sites) {
        return new CudaLibraries.Machine() {
            @Override public String property(String name) { return props.get(name); }
            @Override public String env(String name) { return env.get(name); }
            @Override public List<String> ldconfig() { return ldconfig; }
            @Override public List<Path> pythonSitePackages() { return sites; }
        };
    }

    private Path dir(String rel, String... files) throws IOException {
        Path d = Files.createDirectories(root.resolve(rel));
        for (String f : files) Files.createFile(d.resolve(f));
        return d;
    }

    private static final String[] ALL13 = {"libcudart.so.13", "libcublas.so.13", "libnvrtc.so.13"};

    @Test
    void theSystemPropertysFolderIsSearchedBeforeEverythingElse() throws IOException {
        Path prop = dir("prop", ALL13);
        Path home = dir("home/lib64", ALL13).getParent();
        CudaLibraries.Found f = CudaLibraries.locate(machine(Map.of(CudaLibraries.PROPERTY, prop.toString()),
                Map.of("CUDA_HOME", home.toString()), List.of(), List.of()));
        for (CudaLibraries.Library l : CudaLibraries.Library.values()) assertEquals(prop, f.path(l).getParent(), l.name());
    }

    @Test
    void cudaHomeComesBeforeTheLoaderPathAndLib64BeforeLib() throws IOException {
        Path home = dir("home/lib64", ALL13).getParent();
        dir("home/lib", ALL13);
        Path ld = dir("ld", ALL13);
        Map<String, String> env = new HashMap<>();
        env.put("CUDA_HOME", home.toString());
        env.put("LD_LIBRARY_PATH", ld.toString());
        CudaLibraries.Found f = CudaLibraries.locate(machine(Map.of(), env, List.of(), List.of()));
        assertEquals(home.resolve("lib64").resolve("libcublas.so.13"), f.path(CudaLibraries.Library.CUBLAS));
        env.remove("CUDA_HOME");
        f = CudaLibraries.locate(machine(Map.of(), env, List.of(), List.of()));
        assertEquals(ld.resolve("libcublas.so.13"), f.path(CudaLibraries.Library.CUBLAS));
    }

    @Test
    void eachLibraryIsTakenFromTheFirstPlaceThatHasItAndVersionedNamesArePreferred() throws IOException {
        Path ld = dir("ld", "libcudart.so", "libcudart.so.12", "libcublas.so.12");
        Path conf = dir("conf", "libnvrtc.so.12", "libcublas.so.13");
        List<String> ldconfig = List.of("1234 libs found in cache `/etc/ld.so.cache'",
                "\tlibnvrtc.so.12 (libc6,x86-64) => " + conf.resolve("libnvrtc.so.12"),
                "\tlibz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1");
        CudaLibraries.Found f = CudaLibraries.locate(machine(Map.of(), Map.of("LD_LIBRARY_PATH", ld + ":"), ldconfig,
                List.of()));
        assertEquals(ld.resolve("libcudart.so.12"), f.path(CudaLibraries.Library.CUDART));
        assertEquals(ld.resolve("libcublas.so.12"), f.path(CudaLibraries.Library.CUBLAS));
        assertEquals(conf.resolve("libnvrtc.so.12"), f.path(CudaLibraries.Library.NVRTC));
    }

    @Test
    void thePipWheelsFoldersAreFoundInTheCuda12AndCuda13Layouts() throws IOException {
        Path site12 = root.resolve("site12");
        dir("site12/nvidia/cuda_runtime/lib", "libcudart.so.12");
        dir("site12/nvidia/cublas/lib", "libcublas.so.12", "libcublasLt.so.12");
        dir("site12/nvidia/cuda_nvrtc/lib", "libnvrtc.so.12");
        CudaLibraries.Found f = CudaLibraries.locate(machine(Map.of(), Map.of(), List.of(), List.of(site12)));
        assertEquals(site12.resolve("nvidia/cublas/lib/libcublas.so.12"), f.path(CudaLibraries.Library.CUBLAS));
        Path site13 = root.resolve("site13");
        dir("site13/nvidia/cu13/lib", ALL13);
        f = CudaLibraries.locate(machine(Map.of(), Map.of(), List.of(), List.of(site13)));
        assertEquals(site13.resolve("nvidia/cu13/lib/libnvrtc.so.13"), f.path(CudaLibraries.Library.NVRTC));
    }

    @Test
    void pythonIsNotAskedWhenAnEarlierPlaceHadEveryLibrary() throws IOException {
        Path prop = dir("prop", ALL13);
        CudaLibraries.Machine m = new CudaLibraries.Machine() {
            @Override public String property(String name) { return CudaLibraries.PROPERTY.equals(name) ? prop.toString() : null; }
            @Override public String env(String name) { return null; }
            @Override public List<String> ldconfig() { throw new AssertionError("ldconfig run needlessly"); }
            @Override public List<Path> pythonSitePackages() { throw new AssertionError("python3 asked needlessly"); }
        };
        assertEquals(prop.resolve("libcudart.so.13"), CudaLibraries.locate(m).path(CudaLibraries.Library.CUDART));
    }

    @Test
    void aMissingLibraryIsNamedWithEveryPlaceSearchedInOrder() throws IOException {
        Path ld = dir("ld", "libcudart.so.13");
        Path site = root.resolve("site");
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> CudaLibraries.locate(machine(
                Map.of(), Map.of("LD_LIBRARY_PATH", ld.toString(), "CUDA_HOME", root.resolve("nohome").toString()),
                List.of(), List.of(site))));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("CUDA libraries not found: libcublas (libcublas.so.13, libcublas.so.12, libcublas.so);"
                + " libnvrtc (libnvrtc.so.13, libnvrtc.so.12, libnvrtc.so)."), msg);
        assertTrue(msg.contains("Found: [" + ld.resolve("libcudart.so.13") + "]"), msg);
        String[] inOrder = {"1. -D" + CudaLibraries.PROPERTY + " (not set)", "2. $CUDA_HOME=" + root.resolve("nohome"),
            "3. $CUDA_PATH (not set)", "4. LD_LIBRARY_PATH: [" + ld + "]", "5. ldconfig -p: (none)",
            "6. python3's pip wheels: [" + site.resolve("nvidia/cuda_runtime/lib")};
        int at = -1;
        for (String s : inOrder) {
            int i = msg.indexOf(s);
            assertTrue(i > at, "'" + s + "' after the previous place in: " + msg);
            at = i;
        }
        assertTrue(msg.contains(site.resolve("nvidia/cu13/lib").toString()), msg);
        assertTrue(msg.endsWith("or point -D" + CudaLibraries.PROPERTY + " at the folder that holds them."), msg);
    }

    @Test
    void aSymlinkedDevelopmentNameCountsButAFolderOfThatNameDoesNot() throws IOException {
        Path d = dir("d", "libcudart.so.13.0.96", "libcublas.so.13", "libnvrtc.so.13");
        Files.createSymbolicLink(d.resolve("libcudart.so"), d.resolve("libcudart.so.13.0.96"));
        Files.createDirectories(d.resolve("libcudart.so.13"));
        CudaLibraries.Found f = CudaLibraries.locate(machine(Map.of(CudaLibraries.PROPERTY, d.toString()), Map.of(),
                List.of(), List.of()));
        assertEquals(d.resolve("libcudart.so"), f.path(CudaLibraries.Library.CUDART));
    }
}
