package io.tributary.learner.nn.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Where the CUDA backend finds the machine's own CUDA runtime, cuBLAS and NVRTC: the one place that search is
 * written. Per library, the first of these folders that holds it wins:
 * <ol>
 *   <li>the system property {@value #PROPERTY} (a folder);</li>
 *   <li>{@code $CUDA_HOME/lib64}, {@code $CUDA_HOME/lib}, then the same under {@code $CUDA_PATH};</li>
 *   <li>the loader's path: the folders of {@code LD_LIBRARY_PATH}, then those {@code ldconfig -p} names for the
 *       library;</li>
 *   <li>the pip wheels that PyTorch installs, under the site-packages of the {@code python3} on the PATH (asked with a
 *       short timeout): {@code nvidia/cuda_runtime/lib}, {@code nvidia/cublas/lib}, {@code nvidia/cuda_nvrtc/lib}
 *       (CUDA 12 wheels) and {@code nvidia/cu13/lib} (CUDA 13 wheels put every library there).</li>
 * </ol>
 * Within a folder the versioned names are preferred: {@code libX.so.13}, then {@code libX.so.12}, then the
 * development link {@code libX.so}. A library found nowhere is a {@link CudaUnavailableException} naming it and
 * every folder tried, in order.
 */
public final class CudaLibraries {

    /** The folder searched first for every library. */
    public static final String PROPERTY = "tributary.cuda.lib.dir";

    static final long PYTHON_TIMEOUT_MS = 5_000;

    /** The three libraries, by file-name stem and the pip wheel folder (CUDA 12 layout) that carries each. */
    public enum Library {
        CUDART("libcudart", "cuda_runtime"),
        CUBLAS("libcublas", "cublas"),
        NVRTC("libnvrtc", "cuda_nvrtc");

        final String stem;
        final String wheel;

        Library(String stem, String wheel) {
            this.stem = stem;
            this.wheel = wheel;
        }

        /** The names accepted, in order of preference. */
        public List<String> fileNames() {
            return List.of(stem + ".so.13", stem + ".so.12", stem + ".so");
        }

        public String stem() {
            return stem;
        }
    }

    /** Where each library was found. */
    public record Found(Map<Library, Path> paths) {
        public Path path(Library l) {
            return paths.get(l);
        }
    }

    /** What the search reads from the process: overridable so that tests can give a fake machine. */
    public interface Machine {
        String property(String name);

        String env(String name);

        /** The lines of {@code ldconfig -p}, empty when it cannot be run. */
        List<String> ldconfig();

        /** The site-packages folders of the system's python3, empty when there is none or it does not answer. */
        List<Path> pythonSitePackages();
    }

    /** One step of the search: a label for messages and its folders, computed when the step is reached. */
    record Place(String label, Supplier<List<Path>> dirs) {}

    private CudaLibraries() {}

    /** The search on this process's machine. */
    public static Found locate() {
        return locate(THIS_MACHINE);
    }

    public static Found locate(Machine m) {
        Map<Library, Path> found = new EnumMap<>(Library.class);
        List<String> tried = new ArrayList<>();
        for (Place place : places(m)) {
            List<Path> dirs = place.dirs().get();
            tried.add(place.label() + ": " + (dirs.isEmpty() ? "(none)" : dirs.toString()));
            for (Library lib : Library.values()) {
                if (found.containsKey(lib)) continue;
                Path p = find(lib, dirs);
                if (p != null) found.put(lib, p);
            }
            if (found.size() == Library.values().length) return new Found(found);
        }
        List<String> missing = new ArrayList<>();
        for (Library lib : Library.values()) {
            if (!found.containsKey(lib)) missing.add(lib.stem + " (" + String.join(", ", lib.fileNames()) + ")");
        }
        StringBuilder sb = new StringBuilder("CUDA libraries not found: ").append(String.join("; ", missing)).append('.');
        if (!found.isEmpty()) sb.append(" Found: ").append(found.values()).append('.');
        sb.append(" Searched, in order: ");
        for (int i = 0; i < tried.size(); i++) sb.append(i == 0 ? "" : "; ").append(i + 1).append(". ").append(tried.get(i));
        sb.append(". Install the CUDA 12/13 toolkit's libraries (or the pip wheels nvidia-cuda-runtime, nvidia-cublas,"
                + " nvidia-cuda-nvrtc), or point -D" + PROPERTY + " at the folder that holds them.");
        throw new CudaUnavailableException(sb.toString());
    }

    static Path find(Library lib, List<Path> dirs) {
        for (Path d : dirs) {
            for (String name : lib.fileNames()) {
                Path p = d.resolve(name);
                if (Files.isRegularFile(p)) return p;
            }
        }
        return null;
    }

    /** The search's steps, in order. */
    static List<Place> places(Machine m) {
        List<Place> places = new ArrayList<>();
        String prop = m.property(PROPERTY);
        places.add(new Place("-D" + PROPERTY + (blank(prop) ? " (not set)" : "=" + prop),
                () -> blank(prop) ? List.of() : List.of(Path.of(prop))));
        for (String var : List.of("CUDA_HOME", "CUDA_PATH")) {
            String v = m.env(var);
            places.add(new Place("$" + var + (blank(v) ? " (not set)" : "=" + v),
                    () -> blank(v) ? List.of() : List.of(Path.of(v, "lib64"), Path.of(v, "lib"))));
        }
        String ld = m.env("LD_LIBRARY_PATH");
        places.add(new Place("LD_LIBRARY_PATH" + (blank(ld) ? " (not set)" : ""), () -> {
            List<Path> dirs = new ArrayList<>();
            if (!blank(ld)) for (String s : ld.split(":")) if (!s.isBlank()) dirs.add(Path.of(s));
            return dirs;
        }));
        places.add(new Place("ldconfig -p", () -> ldconfigDirs(m.ldconfig())));
        places.add(new Place("python3's pip wheels", () -> {
            List<Path> dirs = new ArrayList<>();
            for (Path site : m.pythonSitePackages()) {
                for (Library lib : Library.values()) dirs.add(site.resolve("nvidia").resolve(lib.wheel).resolve("lib"));
                dirs.add(site.resolve("nvidia").resolve("cu13").resolve("lib"));
                dirs.add(site.resolve("nvidia").resolve("cu12").resolve("lib"));
            }
            return dirs;
        }));
        return places;
    }

    /** The folders of the {@code ldconfig -p} entries that name one of the libraries, in listing order. */
    static List<Path> ldconfigDirs(List<String> lines) {
        LinkedHashSet<Path> dirs = new LinkedHashSet<>();
        for (String line : lines) {
            int arrow = line.indexOf("=>");
            if (arrow < 0) continue;
            String soname = line.trim().split("\\s+")[0];
            for (Library lib : Library.values()) {
                if (lib.fileNames().contains(soname)) {
                    Path p = Path.of(line.substring(arrow + 2).trim());
                    if (p.getParent() != null) dirs.add(p.getParent());
                }
            }
        }
        return List.copyOf(dirs);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Runs a short command and returns its standard output's lines; empty when it fails or does not answer in time. */
    static List<String> run(long timeoutMs, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            // the output is small; read it after the process ends or is killed
            if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            if (p.exitValue() != 0) return List.of();
            return List.of(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    static final Machine THIS_MACHINE = new Machine() {
        @Override
        public String property(String name) {
            return System.getProperty(name);
        }

        @Override
        public String env(String name) {
            return System.getenv(name);
        }

        @Override
        public List<String> ldconfig() {
            for (String exe : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
                if (Files.isExecutable(Path.of(exe))) return run(PYTHON_TIMEOUT_MS, exe, "-p");
            }
            return List.of();
        }

        @Override
        public List<Path> pythonSitePackages() {
            List<Path> out = new ArrayList<>();
            for (String line : run(PYTHON_TIMEOUT_MS, "python3", "-c",
                    "import site; print('\\n'.join(site.getsitepackages() + [site.getusersitepackages()]))")) {
                if (!line.isBlank()) out.add(Path.of(line.trim()));
            }
            return out;
        }
    };
}
