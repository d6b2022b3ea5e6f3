package io.tributary.ops.launch.slurm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Slurm's {@code sbatch}: found on the PATH, run on a script, its job id read from {@code --parsable}'s answer. */
final class Sbatch {

    /** {@code --parsable}: "JOBID" or "JOBID;CLUSTER". */
    private static final Pattern PARSABLE = Pattern.compile("^(\\d+)(;\\S+)?$", Pattern.MULTILINE);

    private final Path command;

    private Sbatch(Path command) {
        this.command = command;
    }

    /** The first executable {@code sbatch} on {@code env}'s PATH; an error naming that PATH when there is none. */
    static Sbatch find(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, "sbatch");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return new Sbatch(p);
        }
        throw new IllegalStateException("sbatch not found on PATH: " + (path.isEmpty() ? "(empty)" : path));
    }

    Path command() {
        return command;
    }

    /** Submits {@code script}; returns the job id, or throws with sbatch's own message. */
    String submit(Path script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command.toString(), "--parsable", script.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command + " did not answer within 60 s");
        }
        Matcher m = PARSABLE.matcher(out);
        if (p.exitValue() != 0 || !m.find()) {
            throw new IOException(command + " " + script + " failed (exit " + p.exitValue() + "): " + (out.isEmpty() ? "no output" : out));
        }
        return m.group(1);
    }
}
