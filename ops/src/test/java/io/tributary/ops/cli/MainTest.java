package io.tributary.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

    private record Result(int code, String out, String err) {}

    private static Result run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryCommand() {
        Result r = run("help");
        assertEquals(0, r.code());
        for (String name : Main.commandLine(System.out, System.err).getSubcommands().keySet()) assertTrue(r.out().contains(name), r.out());
        Result one = run("help", "--command", "random");
        assertTrue(one.out().contains("--episodes") && one.out().contains("--seed"), one.out());
        assertEquals(0, run("random", "--help").code());
    }

    @Test
    void envsListsIdsWithSizes() {
        Result r = run("envs");
        assertEquals(0, r.code());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("Pendulum-v1\\s+3\\s+1\\s+200")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("MountainCarContinuous-v0\\s+2\\s+1\\s+999")), r.out());
    }

    @Test
    void randomPrintsOneLinePerEpisodeThenASummaryAndIsReproducible() {
        Result r = run("random", "--env", "Pendulum-v1", "--episodes", "3", "--seed", "7");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        for (int i = 0; i < 3; i++) {
            assertTrue(lines.get(i).matches("episode " + (i + 1) + " return -\\d+\\.\\d{3} length 200"), lines.get(i));
        }
        assertTrue(lines.get(3).startsWith("random Pendulum-v1: 3 episodes, return mean"), lines.get(3));
        Result again = run("random", "--env=Pendulum-v1", "--episodes=3", "--seed=7");
        assertEquals(lines.subList(0, 3), again.out().lines().toList().subList(0, 3), "same seed, same episodes");
        Result other = run("random", "--episodes", "3", "--seed", "8");
        assertTrue(!other.out().lines().toList().subList(0, 3).equals(lines.subList(0, 3)));
        // Random returns of Pendulum are in Gymnasium's typical range for a random policy.
        double mean = Double.parseDouble(lines.get(3).replaceAll(".*return mean (-?[\\d.]+).*", "$1"));
        assertTrue(mean < -300 && mean > -2000, "mean random return " + mean);
    }

    @Test
    void randomOnMountainCarEndsEpisodesByTheTimeLimit() {
        Result r = run("random", "--env", "MountainCarContinuous-v0", "--episodes", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().findFirst().orElseThrow().matches("episode 1 return -?\\d+\\.\\d{3} length \\d+"), r.out());
    }

    @Test
    void badInputNamesTheKeyAndTheAllowedValues() {
        Result noCmd = run();
        assertEquals(2, noCmd.code());
        assertTrue(noCmd.err().contains("help, envs, random"), noCmd.err());

        Result unknown = run("trian");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("'trian'") && unknown.err().contains("help, envs, random"), unknown.err());

        Result badOpt = run("random", "--episods", "3");
        assertEquals(2, badOpt.code());
        assertTrue(badOpt.err().contains("'--episods'") && badOpt.err().contains("--env, --dm-control-dir, --episodes, --seed"), badOpt.err());

        Result badEnv = run("random", "--env", "Pendulum-v0");
        assertEquals(2, badEnv.code());
        assertTrue(badEnv.err().contains("'Pendulum-v0'") && badEnv.err().contains("Pendulum-v1"), badEnv.err());

        Result badNum = run("random", "--episodes", "three");
        assertEquals(2, badNum.code());
        assertTrue(badNum.err().contains("'--episodes'") && badNum.err().contains("'three'"), badNum.err());

        Result range = run("random", "--episodes", "0");
        assertTrue(range.err().contains("[1, 1000000]"), range.err());

        Result negSeed = run("random", "--seed", "-1");
        assertEquals(2, negSeed.code());
        assertTrue(negSeed.err().contains("'--seed'"), negSeed.err());

        Result missing = run("random", "--env");
        assertTrue(missing.err().contains("'--env' needs a value"), missing.err());

        Result twice = run("random", "--seed", "1", "--seed", "2");
        assertTrue(twice.err().contains("given twice"), twice.err());

        Result stray = run("envs", "extra");
        assertEquals(2, stray.code());
        assertTrue(stray.err().contains("'extra'") && stray.err().contains("options are --dm-control-dir"), stray.err());
        assertTrue(Arrays.stream(new Result[] {noCmd, unknown, badOpt, badEnv, badNum}).allMatch(x -> x.out().isEmpty()));
    }

    @Test
    void trainRefusesAnOptionOfTheOtherModeByName() {
        Result perActor = run("train", "--actors", "0", "--envs-per-actor", "4");
        assertEquals(2, perActor.code());
        assertTrue(perActor.err().contains("'--envs-per-actor'") && perActor.err().contains("--actors > 0"), perActor.err());
        Result udp = run("train", "--actors", "0", "--transport", "udp");
        assertEquals(2, udp.code());
        assertTrue(udp.err().contains("'--transport'"), udp.err());
        Result norm = run("train", "--normalization", "frozen");
        assertEquals(2, norm.code());
        assertTrue(norm.err().contains("'--normalization'") && norm.err().contains("--actors 0"), norm.err());
        Result numEnvs = run("train", "--actors", "3", "--num-envs", "4");
        assertEquals(2, numEnvs.code());
        assertTrue(numEnvs.err().contains("'--num-envs'"), numEnvs.err());
        Result badTransport = run("train", "--transport", "tcp");
        assertEquals(2, badTransport.code());
        assertTrue(badTransport.err().contains("'--transport'") && badTransport.err().contains("ipc, udp"), badTransport.err());
        assertTrue(Arrays.stream(new Result[] {perActor, udp, norm, numEnvs, badTransport}).allMatch(x -> x.out().isEmpty()));
    }

    @Test
    void trainWithNoActorsRunsInThisProcessAndStopsAfterTheGivenIterations(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        for (String norm : List.of("cleanrl", "frozen", "none")) {
            Result r = run("train", "--actors", "0", "--normalization", norm, "--num-envs", "2", "--num-steps", "64",
                    "--num-minibatches", "2", "--update-epochs", "1", "--total-timesteps", "100000", "--iterations", "2",
                    "--runs-dir", dir.toString(), "--run-name", norm);
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains(norm + " normalization"), r.out());
            assertTrue(r.out().contains(": 256 steps,"), r.out());
            assertTrue(java.nio.file.Files.exists(dir.resolve(norm).resolve("metrics.csv")));
        }
    }

    @Test
    void trainTakesEachAlgorithmsKeysByItsReferencesNamesAndRefusesTheOthersByName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Result r = run("train", "--algo", "trpo", "--actors", "0", "--num-envs", "2", "--num-steps", "64", "--batch-size", "32",
                "--cg-max-steps", "5", "--n-critic-updates", "2", "--total-timesteps", "100000", "--iterations", "2",
                "--runs-dir", dir.toString(), "--run-name", "trpo");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("cg-max-steps=5") && r.out().contains("batch-size=32"), r.out());
        String header = java.nio.file.Files.readAllLines(dir.resolve("trpo").resolve("metrics.csv")).get(0);
        for (String name : List.of("train/policy_objective", "train/value_loss", "train/kl_divergence_loss",
                "train/explained_variance", "train/is_line_search_success", "train/std")) {
            assertTrue(header.contains(name), header);
        }

        Result ppoKey = run("train", "--algo", "trpo", "--clip-coef", "0.3");
        assertEquals(2, ppoKey.code());
        assertTrue(ppoKey.err().contains("'--clip-coef'") && ppoKey.err().contains("does not apply to --algo trpo")
                && ppoKey.err().contains("[ppo, rpo]"), ppoKey.err());
        Result trpoKey = run("train", "--algo", "rpo", "--cg-damping", "0.3");
        assertEquals(2, trpoKey.code());
        assertTrue(trpoKey.err().contains("'--cg-damping'") && trpoKey.err().contains("[trpo]"), trpoKey.err());
        Result bad = run("train", "--algo", "trpo", "--actors", "0", "--line-search-max-iter", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--line-search-max-iter must be an integer in [1, inf], was '0'"), bad.err());
        Result help = run("train", "--help");
        assertTrue(help.out().contains("--cg-damping") && help.out().contains("sb3's cg_damping") && help.out().contains("(default: 0.1); read by trpo"),
                help.out());
    }
}
