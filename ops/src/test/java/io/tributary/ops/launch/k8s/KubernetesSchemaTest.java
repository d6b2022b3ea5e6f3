package io.tributary.ops.launch.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests against the Kubernetes API's schema (1.27, from the npm package kubernetes-models, pinned in
 * ops/k8s-schema): {@code validate.cjs} checks types, required fields and enumerations with the package's validators
 * and unknown fields with TypeScript's excess-property check on its type definitions. Skipped, saying why, where node
 * or the installed packages are missing ({@code .ci/run} installs them with {@code npm ci}).
 */
class KubernetesSchemaTest {

    static final Path VALIDATOR = Path.of("k8s-schema").toAbsolutePath();

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsNodeAndThePackages() {
        assumeTrue(onPath("node"), "node is not on the PATH: the schema check needs Node.js (Debian: nodejs)");
        assumeTrue(Files.isDirectory(VALIDATOR.resolve("node_modules/kubernetes-models")), "the schema check's packages are not"
                + " installed: run npm ci in " + VALIDATOR + " (.ci/run does, through tributary_missing_test_packages)");
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    private record Run(int code, String out) {}

    private static Run validate(Path... paths) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", VALIDATOR.resolve("validate.cjs").toString()));
        for (Path p : paths) cmd.add(p.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "validate.cjs did not finish");
        return new Run(p.exitValue(), out);
    }

    @Test
    void everyObjectOfAJobWithEverySettingAndOfAJobWithNoneIsValidAgainstTheApiSchema() throws Exception {
        assertEquals(0, K8sLaunch.tributary(dir, "keys", "--out", dir.resolve("keys").toString()).code());
        K8sLaunch.Result full = K8sLaunch.launch(dir, "full", KubernetesManifestsTest.FULL_JOB.formatted(dir.resolve("keys")));
        K8sLaunch.Result plain = K8sLaunch.launch(dir, "plain", """
                train { env = Pendulum-v1, total-timesteps = 16384, num-steps = 256 }
                placement { actors = 2, envs-per-actor = 4 }
                """);
        assertEquals(0, full.code(), full.err());
        assertEquals(0, plain.code(), plain.err());
        Run run = validate(full.dir(), plain.dir());
        assertEquals(0, run.code(), run.out());
        for (K8sLaunch.Result r : List.of(full, plain)) {
            for (Path f : r.files()) assertTrue(run.out().contains("ok " + f + ": "), f + " not reported valid:\n" + run.out());
        }
        assertEquals(10, run.out().lines().filter(l -> l.startsWith("ok ")).count(), run.out());
    }

    @Test
    void theCheckRefusesAnUnknownFieldAWrongTypeAndAWrongEnumerationValue() throws Exception {
        K8sLaunch.Result r = K8sLaunch.launch(dir, "broken", """
                train { env = Pendulum-v1, total-timesteps = 16384, num-steps = 256 }
                placement { actors = 2, envs-per-actor = 4 }
                """);
        assertEquals(0, r.code(), r.err());
        String deployment = Files.readString(r.dir().resolve("50-actors-deployment.yaml"));
        String service = Files.readString(r.dir().resolve("30-learner-service.yaml"));
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("misspelled.yaml"), deployment.replace("imagePullPolicy:", "imagePullPolcy:"));
        Files.writeString(bad.resolve("type.yaml"), deployment.replace("replicas: 2", "replicas: \"2\""));
        Files.writeString(bad.resolve("enum.yaml"), service.replace("protocol: \"UDP\"", "protocol: \"QUIC\""));
        Run run = validate(bad);
        assertEquals(1, run.code(), run.out());
        assertTrue(run.out().contains("misspelled.yaml: Deployment/") && run.out().contains("'\"imagePullPolcy\"' does not exist in type"),
                run.out());
        assertTrue(run.out().contains("type.yaml: Deployment/") && run.out().contains("spec/replicas must be integer"), run.out());
        assertTrue(run.out().contains("enum.yaml: Service/") && run.out().contains("protocol must be equal to one of the allowed values"),
                run.out());
        assertEquals(0, run.out().lines().filter(l -> l.startsWith("ok ")).count(), run.out());
    }
}
