package io.tributary.ops.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.ops.eval.PolicyActor;
import io.tributary.ops.eval.TrainedPolicy;
import io.tributary.ops.metrics.PythonReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --format safetensors} after a short single-process run: an independent reader
 * ({@code export/safetensors_policy.py}: its own safetensors parser on numpy, the README's snippet) finds the
 * metadata and the tensors and reproduces the Java policy's deterministic actions for a batch of observations (some
 * far outside the statistics, so the observation clip acts) to 1e-6.
 */
class ExportCommandTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"Pendulum-v1, tanh, '64,64'", "MountainCarContinuous-v0, relu, '32,16'"})
    void anIndependentReaderReproducesTheDeterministicActions(String env, String activation, String hidden) throws Exception {
        Cli.Result t = Cli.run("train", "--env", env, "--actors", "0", "--num-envs", "2", "--num-steps", "128", "--total-timesteps",
                "512", "--num-minibatches", "4", "--update-epochs", "2", "--activation", activation, "--hidden", hidden,
                "--runs-dir", tmp.toString(), "--run-name", "r");
        assertEquals(0, t.code(), t.out() + t.err());
        Path run = tmp.resolve("r");
        Path file = tmp.resolve("policy.safetensors");
        Cli.Result e = Cli.run("export", run.toString(), "--format", "safetensors", "--out", file.toString());
        assertEquals(0, e.code(), e.out() + e.err());
        assertTrue(e.out().contains("-> " + file), e.out());

        TrainedPolicy p = TrainedPolicy.load(run, null);
        int obsDim = p.spec().observationDim();
        SplittableRandom rng = new SplittableRandom(3);
        List<double[]> obs = new ArrayList<>();
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            double[] o = new double[obsDim];
            double scale = i < 8 ? 1e3 : 2.0; // the first few far out: the normalized values clip at 10
            for (int d = 0; d < obsDim; d++) o[d] = p.version().obsMean[d] + scale * rng.nextDouble(-1, 1);
            obs.add(o);
            for (int d = 0; d < obsDim; d++) csv.append(d == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.17g", o[d]));
            csv.append('\n');
        }
        Path obsFile = tmp.resolve("obs.csv");
        Files.writeString(obsFile, csv);

        PythonReader.Output py = PythonReader.run("/export/safetensors_policy.py", file.toString(), obsFile.toString());
        assertEquals(0, py.exitCode(), py.stderr());
        List<String> meta = py.lines().stream().filter(l -> l.startsWith("meta\t")).toList();
        assertTrue(meta.contains("meta\tenv_id\t" + env), meta.toString());
        assertTrue(meta.contains("meta\talgo\trpo"), meta.toString());
        assertTrue(meta.contains("meta\tactivation\t" + activation), meta.toString());
        assertTrue(meta.contains("meta\tversion\t2"), meta.toString());
        assertTrue(meta.contains("meta\tpolicy_spec\t" + p.spec().canonical()), meta.toString());
        assertTrue(py.lines().contains("tensor\tactor_mean.0.weight\tF32\t[" + hidden.split(",")[0] + ", " + obsDim + "]"), py.lines().toString());
        assertTrue(py.lines().contains("tensor\tactor_logstd\tF32\t[1, 1]"), py.lines().toString());
        assertTrue(py.lines().contains("tensor\tobs_rms.count\tF64\t[]"), py.lines().toString());

        List<String> actions = py.lines().stream().filter(l -> l.startsWith("action\t")).toList();
        assertEquals(64, actions.size());
        double[] a = new double[1];
        double worst = 0;
        try (Env e2 = EnvRegistry.make(env)) {
            PolicyActor actor = new PolicyActor(p.version(), e2.actionSpace());
            for (int i = 0; i < 64; i++) {
                actor.deterministic(obs.get(i), a);
                double theirs = Double.parseDouble(actions.get(i).split("\t")[1]);
                worst = Math.max(worst, Math.abs(theirs - a[0]));
            }
        }
        assertTrue(worst <= 1e-6, "largest difference " + worst);
    }

    @Test
    void anUnknownFormatNamesTheAllowedOnes() {
        Cli.Result r = Cli.run("export", tmp.toString(), "--format", "onnx");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--format") && r.err().contains("safetensors") && r.err().contains("onnx"), r.err());
    }
}
