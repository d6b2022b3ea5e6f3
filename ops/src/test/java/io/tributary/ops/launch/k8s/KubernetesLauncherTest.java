package io.tributary.ops.launch.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.ops.launch.Job;
import io.tributary.ops.launch.LaunchOptions;
import io.tributary.ops.launch.Placement;
import io.tributary.ops.launch.Plan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code launch --on k8s} does around the manifests: applying them with kubectl (missing, or failing against a
 * cluster that is not there) and refusing a bad {@code k8s} block by key and line.
 */
class KubernetesLauncherTest {

    @TempDir
    Path dir;

    /** A plan as the planner makes one (the launcher reads the job file's k8s block; the arguments go into the pods as they are). */
    private Plan plan(String k8sBlock) throws Exception {
        Path file = dir.resolve("tiny.conf");
        Files.writeString(file, "train { env = Pendulum-v1 }\nplacement { actors = 2 }\n" + k8sBlock);
        Job job = new Job(file, "tiny", Map.of("env", "Pendulum-v1"),
                new Placement(2, 4, 1, 25520, 40123, 40124, null, Path.of("runs"), "tiny-1", "2g", "512m"));
        return new Plan(job, "00000000000000ab", Path.of("runs", "tiny-1"),
                List.of("train", "--env", "Pendulum-v1", "--actors", "2", "--run-id", "00000000000000ab", "--spawn", "false", "--transport", "udp"),
                List.of("actor", "--env", "Pendulum-v1", "--run-id", "00000000000000ab"));
    }

    private record Out(int code, String text) {}

    private Out launch(KubernetesLauncher launcher, Plan plan, boolean submit) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = launcher.launch(plan, new LaunchOptions(null, dir.resolve("out"), submit), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Out(code, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void submittingWithoutKubectlFailsSayingWhatToDoAndLeavesTheManifestsWritten() throws Exception {
        assertTrue(Kubectl.find(dir.toString(), Map.of()).isEmpty(), "no kubectl in an empty directory");
        Out out = launch(new KubernetesLauncher(plan -> List.of("train", "--resume", "runs/tiny-1"), Optional::empty), plan(""), true);
        assertEquals(1, out.code(), out.text());
        assertTrue(out.text().contains("kubectl is not on the PATH"), out.text());
        assertTrue(out.text().contains("--submit false"), out.text());
        assertTrue(Files.isRegularFile(dir.resolve("out/50-actors-deployment.yaml")), out.text());
    }

    @Test
    void aFailingKubectlApplyIsReportedWithItsOwnMessage() throws Exception {
        Optional<Kubectl> onPath = Kubectl.find(System.getenv("PATH"), Map.of());
        assumeTrue(onPath.isPresent(), "kubectl is not on this machine's PATH (the launcher's own check is tested above)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Path config = dir.resolve("kubeconfig");
        Files.writeString(config, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: absent
                  cluster: {server: "https://127.0.0.1:%d"}
                users:
                - name: nobody
                  user: {token: none}
                contexts:
                - name: absent
                  context: {cluster: absent, user: nobody}
                current-context: absent
                """.formatted(port));
        Kubectl kubectl = Kubectl.find(System.getenv("PATH"), Map.of("KUBECONFIG", config.toString())).orElseThrow();
        Out out = launch(new KubernetesLauncher(plan -> List.of("train", "--resume", "runs/tiny-1"), () -> Optional.of(kubectl)), plan(""), true);
        assertEquals(1, out.code(), out.text());
        assertTrue(out.text().contains("kubectl apply -f " + dir.resolve("out/20-runs-volume.yaml")), out.text());
        assertTrue(out.text().contains("127.0.0.1:" + port), "kubectl's own message names the server: " + out.text());
        assertTrue(out.text().contains("kubectl apply failed (exit 1); the manifests are in " + dir.resolve("out")), out.text());
    }

    @Test
    void aBadK8sBlockIsRefusedNamingTheKeyItsLineAndWhatIsAllowed() throws Exception {
        KubernetesLauncher launcher = new KubernetesLauncher(plan -> List.of("train", "--resume", "runs/tiny-1"), Optional::empty);
        Map<String, String> cases = Map.of(
                "k8s { imagee = x }", "k8s: unknown key 'imagee' (line 3); known keys are actor, create-namespace, image,",
                "k8s {\n learner { cpu = lots } }", "k8s.learner.cpu (line 4) must be a positive Kubernetes quantity such as 500m",
                "k8s { image-pull-policy = Sometimes }", "k8s.image-pull-policy (line 3) must be one of [Always, IfNotPresent, Never], was 'Sometimes'",
                "k8s { create-namespace = true }", "k8s.create-namespace is true but no namespace is set",
                "k8s { name = Tributary_Job }", "k8s.name (line 3) must be a DNS label",
                "k8s { actor { node-selector { \"bad key!\" = x } } }", "k8s.actor.node-selector: 'bad key!' (line 3) is not a label key",
                "k8s { storage = 0Gi }", "k8s.storage (line 3) must be a positive Kubernetes quantity",
                "k8s { actor = 3 }", "k8s.actor must be a block { ... } (line 3), was number");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> launch(launcher, plan(c.getKey()), false), c.getKey());
            assertTrue(e.getMessage().contains(c.getValue()), c.getKey() + " -> " + e.getMessage());
            assertTrue(e.getMessage().startsWith("--job " + dir.resolve("tiny.conf")), e.getMessage());
        }
    }

    @Test
    void aJobFileWithAMisnamedTargetBlockIsRefusedNamingTheBlocksItMayHave() throws Exception {
        Path file = dir.resolve("typo.conf");
        Files.writeString(file, "train { env = Pendulum-v1 }\nplacement { actors = 2 }\nkubernetes { image = x }\n");
        K8sLaunch.Result r = K8sLaunch.tributary(dir, "launch", "--on", "k8s", "--job", file.toString(), "--submit", "false");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("unknown block 'kubernetes' (line 3); a job has two blocks, train { ... } and placement { ... },"
                + " and optional target blocks: k8s"), r.err());
    }

    @Test
    void credentialsWithoutAKeyFileAreRefusedNamingTheFile() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        for (String f : List.of("truststore.p12", "learner.p12", "actor.p12")) Files.writeString(keys.resolve(f), "x");
        Plan p = plan("");
        Placement q = p.job().placement();
        Plan withKeys = new Plan(new Job(p.job().file(), "tiny", p.job().train(), new Placement(q.actors(), q.envsPerActor(),
                q.threadsPerActor(), q.clusterPort(), q.fragmentsPort(), q.weightsPort(), keys, q.runsDir(), q.runName(), q.learnerHeap(),
                q.actorHeap())), p.runId(), p.runDir(), p.learnerArgs(), p.actorArgs());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> launch(new KubernetesLauncher(plan -> List.of("train", "--resume", "runs/tiny-1"), Optional::empty), withKeys, false));
        assertEquals("placement.credentials " + keys + ": password is missing (write the directory with tributary keys --out " + keys + ")",
                e.getMessage());
    }
}
