package io.tributary.ops.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a reader script from the test resources on Debian's python3 (which {@code .ci/run} and {@code ops/setup.sh}
 * give python3-protobuf and python3-numpy): the independent side of the format tests.
 */
public final class PythonReader {

    /** What the script printed and its exit code. */
    public record Output(int exitCode, List<String> lines, String stderr) {}

    private PythonReader() {}

    public static Output run(String resource, String... args) throws IOException, InterruptedException {
        Path script = Files.createTempFile("tributary-reader", ".py");
        try (var in = PythonReader.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("no test resource " + resource);
            Files.write(script, in.readAllBytes());
        }
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        Files.deleteIfExists(script);
        String stderr = new String(err, StandardCharsets.UTF_8);
        if (stderr.contains("ModuleNotFoundError")) {
            throw new IllegalStateException(python + " lacks a module the reader needs (ops/setup.sh installs it): " + stderr);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        return new Output(p.exitValue(), text.isEmpty() ? List.of() : List.of(text.split("\n")), stderr);
    }
}
