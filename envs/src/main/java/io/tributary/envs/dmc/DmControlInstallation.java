package io.tributary.envs.dmc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A dm_control installation on this machine, for what Tributary does not redistribute: the dog's model and its bone
 * meshes ({@code suite/dog.xml}, {@code suite/dog_assets/}). The package directory (the one that contains
 * {@code suite/dog.xml}, e.g. {@code .../site-packages/dm_control}) is, in this order:
 * <ol>
 *   <li>the system property {@value #PROPERTY};</li>
 *   <li>the environment variable {@value #ENV};</li>
 *   <li>the {@code dm_control} package the system's {@code python3} imports (asked once, with a
 *       {@value #PYTHON_TIMEOUT_SECONDS} s timeout; no python3 or no dm_control is simply "not found").</li>
 * </ol>
 * The first of these that is set decides: a property or variable naming a directory without {@code suite/dog.xml} is
 * reported as such, not silently replaced by the next. The answer is looked up once per JVM ({@link #lookup()}).
 */
public final class DmControlInstallation {

    public static final String PROPERTY = "tributary.dm_control.dir";
    public static final String ENV = "TRIBUTARY_DM_CONTROL_DIR";
    public static final int PYTHON_TIMEOUT_SECONDS = 10;
    static final String PYTHON_PROBE = "import dm_control, os; print(os.path.dirname(dm_control.__file__))";

    /**
     * The outcome of a lookup: {@code packageDir} (null when none was found), where it came from, and every place
     * tried with what was wrong there.
     */
    public record Lookup(Path packageDir, String source, List<String> tried) {
        public boolean found() {
            return packageDir != null;
        }

        /** {@code suite/} of the installation. */
        public Path suiteDir() {
            if (packageDir == null) throw new IllegalStateException(missingMessage("dm_control's suite files"));
            return packageDir.resolve("suite");
        }

        /** The error text for {@code what} (e.g. a task id) when nothing was found: what was tried, how to point at one. */
        public String missingMessage(String what) {
            return what + " needs a dm_control installation: its suite/dog.xml and suite/dog_assets/ (the dog's 162 bone "
                    + "meshes, whose volumes give the dog its masses and inertias), which Tributary does not redistribute. "
                    + "None found; tried: " + String.join("; ", tried) + ". Point Tributary at the dm_control package "
                    + "directory, the one that contains suite/dog.xml (e.g. .../site-packages/dm_control), with "
                    + "-D" + PROPERTY + "=DIR, or the environment variable " + ENV + "=DIR, or install dm_control for "
                    + "the system's python3 (pip install dm_control==1.0.6, the version the golden data comes from).";
        }
    }

    /** What {@code python3 -c PYTHON_PROBE} said: the printed directory, or null and why not. */
    record PythonAnswer(String dir, String problem) {}

    private static volatile Lookup cached;

    private DmControlInstallation() {}

    /** This JVM's installation, looked up on first use (see the class comment for the order). */
    public static Lookup lookup() {
        Lookup l = cached;
        if (l == null) {
            synchronized (DmControlInstallation.class) {
                l = cached;
                if (l == null) {
                    cached = l = lookup(System.getProperty(PROPERTY), System.getenv(ENV), DmControlInstallation::askPython);
                }
            }
        }
        return l;
    }

    /** The lookup from explicit inputs (tests): property value, variable value, and the python3 probe. */
    static Lookup lookup(String property, String env, Supplier<PythonAnswer> python) {
        List<String> tried = new ArrayList<>();
        if (property != null && !property.isBlank()) {
            return check(Path.of(property.trim()), "-D" + PROPERTY + "=" + property.trim(), tried);
        }
        tried.add("-D" + PROPERTY + " (not set)");
        if (env != null && !env.isBlank()) {
            return check(Path.of(env.trim()), ENV + "=" + env.trim(), tried);
        }
        tried.add(ENV + " (not set)");
        PythonAnswer answer = python.get();
        if (answer.dir() == null) {
            tried.add("python3 -c 'import dm_control' (" + answer.problem() + ")");
            return new Lookup(null, null, List.copyOf(tried));
        }
        return check(Path.of(answer.dir()), "python3's dm_control at " + answer.dir(), tried);
    }

    private static Lookup check(Path dir, String source, List<String> tried) {
        Path dogXml = dir.resolve("suite").resolve("dog.xml");
        Path assets = dir.resolve("suite").resolve("dog_assets");
        if (Files.isRegularFile(dogXml) && Files.isDirectory(assets)) {
            tried.add(source);
            return new Lookup(dir.toAbsolutePath().normalize(), source, List.copyOf(tried));
        }
        String problem;
        if (!Files.isDirectory(dir)) problem = dir + " is not a directory";
        else if (!Files.isRegularFile(dogXml)) problem = dogXml + " does not exist" + hint(dir);
        else problem = assets + " is not a directory";
        tried.add(source + " (" + problem + ")");
        return new Lookup(null, null, List.copyOf(tried));
    }

    /** The common mistakes: pointing at suite/ itself, or at the repository (or site-packages) above the package. */
    private static String hint(Path dir) {
        if (Files.isRegularFile(dir.resolve("dog.xml"))) return ", but " + dir.resolve("dog.xml") + " does: point at " + dir.toAbsolutePath().getParent();
        if (Files.isRegularFile(dir.resolve("dm_control").resolve("suite").resolve("dog.xml"))) {
            return ", but " + dir.resolve("dm_control/suite/dog.xml") + " does: point at " + dir.resolve("dm_control");
        }
        return "";
    }

    /** Asks the system's python3 where its dm_control package is; never throws. */
    static PythonAnswer askPython() {
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", PYTHON_PROBE).redirectErrorStream(false).start();
        } catch (IOException e) {
            return new PythonAnswer(null, "no python3 on the PATH");
        }
        try {
            p.getOutputStream().close();
            // both pipes drained on their own threads: a hung interpreter cannot hold us past the timeout
            StringBuilder out = new StringBuilder(), err = new StringBuilder();
            Thread outDrain = Thread.ofPlatform().daemon().start(() -> out.append(readQuietly(p.getInputStream())));
            Thread errDrain = Thread.ofPlatform().daemon().start(() -> err.append(readQuietly(p.getErrorStream())));
            if (!p.waitFor(PYTHON_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new PythonAnswer(null, "no answer within " + PYTHON_TIMEOUT_SECONDS + " s");
            }
            outDrain.join(1000);
            errDrain.join(1000);
            if (p.exitValue() != 0) {
                String[] lines = err.toString().trim().split("\n");
                String last = lines.length == 0 ? "" : lines[lines.length - 1].trim();
                return new PythonAnswer(null, last.isEmpty() ? "exit status " + p.exitValue() : last);
            }
            String[] lines = out.toString().trim().split("\n");
            String dir = lines[lines.length - 1].trim();
            return dir.isEmpty() ? new PythonAnswer(null, "printed no directory") : new PythonAnswer(dir, null);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new PythonAnswer(null, "interrupted");
        } catch (IOException e) {
            p.destroyForcibly();
            return new PythonAnswer(null, "cannot talk to python3: " + e.getMessage());
        }
    }

    private static String readQuietly(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
