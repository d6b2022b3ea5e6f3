package io.tributary.ops.cli;

import io.tributary.learner.algo.Hyperparameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What {@code train --resume RUN_DIR} takes from the run directory: its {@code config.properties} (the resolved
 * configuration every run writes) and, from it, the hyperparameters. Options that would change the run are refused
 * by the command; only {@link #ALLOWED} may be given with {@code --resume}. {@code eval} and {@code export} read
 * the run's hyperparameters here too.
 */
public final class ResumeConfig {

    /**
     * Options that leave the run as it was: where to stop ({@code --iterations}: the total, counted from the run's
     * start; without it the run stops where it was set to, config.properties' {@code iterations}), how often to checkpoint, and (pipeline) how the processes talk and wait. {@code --total-timesteps} is
     * not among them: it sets the learning-rate schedule, so a longer run is another run.
     */
    static final Set<String> ALLOWED = Set.of("--resume", "--iterations", "--checkpoint-every", "--dm-control-dir", "--help",
            "--device");
    /** Allowed as well when the run is a pipeline run (besides the transport options). */
    static final Set<String> ALLOWED_PIPELINE = Set.of("--spawn", "--startup-timeout-s", "--fragment-timeout-s", "--threads-per-actor",
            "--actor-grace-s", "--heartbeat-timeout-s", "--min-actors", "--min-actors-timeout-s");

    final Path runDir;
    final Map<String, String> config;

    private ResumeConfig(Path runDir, Map<String, String> config) {
        this.runDir = runDir;
        this.config = config;
    }

    public static ResumeConfig read(Path runDir) {
        Path file = runDir.resolve("config.properties");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(runDir + " is not a run directory: it has no config.properties");
        }
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int eq = line.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException(file + ": line '" + line + "' is not key=value");
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new ResumeConfig(runDir, m);
    }

    /** The run's resolved configuration, as config.properties has it. */
    public Map<String, String> config() {
        return java.util.Collections.unmodifiableMap(config);
    }

    String get(String key) {
        String v = config.get(key);
        if (v == null) throw new IllegalArgumentException(runDir.resolve("config.properties") + " has no key '" + key + "'");
        return v;
    }

    /** Replaces {@code key}'s value in config.properties (the run's stopping point, when --iterations is given). */
    void set(String key, String value) {
        Path file = runDir.resolve("config.properties");
        try {
            java.util.List<String> lines = new java.util.ArrayList<>();
            boolean found = false;
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key + "=")) {
                    line = key + "=" + value;
                    found = true;
                }
                lines.add(line);
            }
            if (!found) lines.add(key + "=" + value);
            Path tmp = file.resolveSibling("config.properties.tmp");
            Files.write(tmp, lines);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            config.put(key, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + file, e);
        }
    }

    int actors() {
        return Integer.parseInt(get("actors"));
    }

    /** The run's hyperparameters: its algorithm's defaults with every key of the file applied. */
    public Hyperparameters hyperparameters() {
        Hyperparameters hp = Hyperparameters.defaults(get("algo"), get("env-id"));
        for (String key : hp.asMap().keySet()) {
            if (key.equals("env-id") || key.equals("algo")) continue;
            try {
                hp = hp.with(key, get(key));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(runDir.resolve("config.properties") + ": " + e.getMessage(), e);
            }
        }
        return hp.validate();
    }
}
