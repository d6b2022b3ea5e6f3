package io.tributary.ops.launch.k8s;

import static io.tributary.ops.launch.k8s.K8sLaunch.at;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.actors.ActorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code launch --on k8s --submit false} on real job files: every file parses as YAML (SnakeYAML, not our writer) and
 * the objects refer to each other correctly: selectors and labels, Service ports and container ports, volumes and the
 * Secret and claim they name, environment variables and the {@code $(VAR)} references, the learner's address in both
 * roles' arguments, the mount points and the paths the processes are given.
 */
class KubernetesManifestsTest {

    @TempDir
    static Path dir;

    static K8sLaunch.Result full;

    static final String FULL_JOB = """
            train { env = Pendulum-v1, total-timesteps = 16384, num-steps = 256 }
            placement {
              actors = 3, envs-per-actor = 4, threads-per-actor = 2
              cluster-port = 26001, fragments-port = 41001, weights-port = 41002
              credentials = %s, runs-dir = /data/runs, run-name = pendulum-k8s
              learner-heap = 3g, actor-heap = 768m
            }
            k8s {
              namespace = rl, create-namespace = true
              image = "registry.example.com/tributary:cpu", image-pull-policy = Always, image-pull-secret = regcred
              storage = 20Gi, storage-class = fast
              learner { cpu = 4, memory = 12Gi, node-selector { "cloud.example.com/pool" = learners } }
              actor { cpu-limit = 3, shm = 128Mi, node-selector { "kubernetes.io/arch" = amd64, disktype = ssd } }
            }
            """;

    @BeforeAll
    static void launchAJobWithEverySetting() throws Exception {
        K8sLaunch.Result keys = K8sLaunch.tributary(dir, "keys", "--out", dir.resolve("keys").toString());
        assertEquals(0, keys.code(), keys.err());
        full = K8sLaunch.launch(dir, "pendulum", FULL_JOB.formatted(dir.resolve("keys")));
        assertEquals(0, full.code(), full.out() + full.err());
    }

    @Test
    void everyFileHoldsOneObjectInApplyOrderAllInTheJobsNamespace() throws Exception {
        assertEquals(List.of("00-namespace.yaml", "10-credentials-secret.yaml", "20-runs-volume.yaml", "30-learner-service.yaml",
                "40-learner-job.yaml", "50-actors-deployment.yaml"), full.files().stream().map(p -> p.getFileName().toString()).toList());
        for (Path f : full.files()) assertEquals(1, K8sLaunch.read(f).size(), f.toString());
        List<String> kinds = full.objects().stream().map(o -> (String) o.get("kind")).toList();
        assertEquals(List.of("Namespace", "Secret", "PersistentVolumeClaim", "Service", "Job", "Deployment"), kinds);
        assertEquals("rl", at(full.one("Namespace"), "metadata", "name"));
        for (Map<String, Object> o : full.objects()) {
            assertNotNull(o.get("apiVersion"));
            if (!o.get("kind").equals("Namespace")) assertEquals("rl", at(o, "metadata", "namespace"), (String) o.get("kind"));
        }
        assertTrue(full.out().contains("kubectl scale deployment/tributary-pendulum-actors -n rl --replicas N"), full.out());
        assertTrue(full.out().contains("not applied (--submit false)"), full.out());
    }

    @Test
    void theServiceSelectsTheLearnersPodAndNoActorAndItsPortsAreTheLearnersContainerPorts() throws Exception {
        Map<String, Object> service = full.one("Service");
        Map<String, Object> job = full.one("Job");
        Map<String, Object> deployment = full.one("Deployment");
        Map<String, Object> selector = at(service, "spec", "selector");
        Map<String, Object> learnerLabels = at(job, "spec", "template", "metadata", "labels");
        Map<String, Object> actorLabels = at(deployment, "spec", "template", "metadata", "labels");
        assertTrue(learnerLabels.entrySet().containsAll(selector.entrySet()), selector + " vs " + learnerLabels);
        assertFalse(actorLabels.entrySet().containsAll(selector.entrySet()), "the learner's Service would select actors too");
        assertEquals("None", at(service, "spec", "clusterIP"));
        assertEquals(true, at(service, "spec", "publishNotReadyAddresses"));

        List<Map<String, Object>> containerPorts = at(job, "spec", "template", "spec", "containers", 0, "ports");
        Map<String, Map<String, Object>> byName = containerPorts.stream().collect(Collectors.toMap(p -> (String) p.get("name"), p -> p));
        List<Map<String, Object>> ports = at(service, "spec", "ports");
        Map<String, String> protocols = Map.of("cluster", "TCP", "fragments", "UDP", "weights", "UDP");
        Map<String, Integer> numbers = Map.of("cluster", 26001, "fragments", 41001, "weights", 41002);
        assertEquals(3, ports.size());
        for (Map<String, Object> p : ports) {
            Map<String, Object> target = byName.get((String) p.get("targetPort"));
            assertNotNull(target, "targetPort " + p.get("targetPort") + " is no container port of the learner");
            assertEquals(p.get("protocol"), target.get("protocol"));
            assertEquals(p.get("port"), target.get("containerPort"));
            assertEquals(protocols.get((String) p.get("name")), p.get("protocol"));
            assertEquals(numbers.get((String) p.get("name")), p.get("port"));
        }
    }

    @Test
    void theActorDeploymentSelectsItsOwnPodsAndRunsThePlacementsActors() throws Exception {
        Map<String, Object> deployment = full.one("Deployment");
        Map<String, Object> matchLabels = at(deployment, "spec", "selector", "matchLabels");
        Map<String, Object> labels = at(deployment, "spec", "template", "metadata", "labels");
        assertTrue(labels.entrySet().containsAll(matchLabels.entrySet()), matchLabels + " vs " + labels);
        assertEquals(3, (int) at(deployment, "spec", "replicas"));
        Map<String, Object> jobLabels = at(full.one("Job"), "spec", "template", "metadata", "labels");
        assertFalse(jobLabels.entrySet().containsAll(matchLabels.entrySet()), "the Deployment would adopt the learner's pod");
    }

    @Test
    void everyVolumeMountNamesAVolumeAndEveryVolumeNamesAnObjectThatIsWritten() throws Exception {
        Map<String, Object> secret = full.one("Secret");
        Map<String, Object> claim = full.one("PersistentVolumeClaim");
        for (Map<String, Object> workload : List.of(full.one("Job"), full.one("Deployment"))) {
            Map<String, Object> pod = at(workload, "spec", "template", "spec");
            List<Map<String, Object>> volumes = at(pod, "volumes");
            Set<String> names = volumes.stream().map(v -> (String) v.get("name")).collect(Collectors.toSet());
            for (Map<String, Object> m : K8sLaunch.<List<Map<String, Object>>>at(pod, "containers", 0, "volumeMounts")) {
                assertTrue(names.contains((String) m.get("name")), "mount " + m + " names no volume of " + names);
            }
            for (Map<String, Object> v : volumes) {
                if (v.containsKey("secret")) {
                    assertEquals((Object) at(secret, "metadata", "name"), at(v, "secret", "secretName"));
                    Map<String, Object> data = at(secret, "data");
                    for (Map<String, Object> item : K8sLaunch.<List<Map<String, Object>>>at(v, "secret", "items")) {
                        assertTrue(data.containsKey((String) item.get("key")), "item " + item + " is not in the Secret");
                    }
                }
                if (v.containsKey("persistentVolumeClaim")) {
                    assertEquals((Object) at(claim, "metadata", "name"), at(v, "persistentVolumeClaim", "claimName"));
                }
            }
        }
        assertEquals("20Gi", at(claim, "spec", "resources", "requests", "storage"));
        assertEquals("fast", at(claim, "spec", "storageClassName"));
    }

    @Test
    void theSecretHoldsTheKeysFilesButNotTheCasKeyAndEachRoleMountsOnlyItsOwnKeyPair() throws Exception {
        Map<String, Object> data = at(full.one("Secret"), "data");
        assertEquals(Set.of("truststore.p12", "learner.p12", "actor.p12", "password"), data.keySet());
        for (String f : data.keySet()) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("keys").resolve(f)), Base64.getDecoder().decode((String) data.get(f)), f);
        }
        assertTrue(Files.exists(dir.resolve("keys/ca.p12")));
        assertEquals(Set.of("rw-------"), Set.of(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(full.dir().resolve("10-credentials-secret.yaml")))));
        assertEquals(Set.of("truststore.p12", "learner.p12", "password"), secretItems(full.one("Job")));
        assertEquals(Set.of("truststore.p12", "actor.p12", "password"), secretItems(full.one("Deployment")));
    }

    private static Set<String> secretItems(Map<String, Object> workload) {
        List<Map<String, Object>> volumes = at(workload, "spec", "template", "spec", "volumes");
        Set<String> keys = new HashSet<>();
        for (Map<String, Object> v : volumes) {
            if (v.containsKey("secret")) for (Map<String, Object> i : K8sLaunch.<List<Map<String, Object>>>at(v, "secret", "items")) keys.add((String) i.get("key"));
        }
        return keys;
    }

    @Test
    void everyVariableReferenceInACommandIsAContainerVariableAndThePodIpComesFromTheDownwardApi() throws Exception {
        Pattern ref = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
        for (Map<String, Object> workload : List.of(full.one("Job"), full.one("Deployment"))) {
            Map<String, Object> c = at(workload, "spec", "template", "spec", "containers", 0);
            List<Map<String, Object>> env = at(c, "env");
            Set<String> vars = env.stream().map(e -> (String) e.get("name")).collect(Collectors.toSet());
            List<Object> words = new ArrayList<>();
            if (c.get("command") != null) words.addAll(at(c, "command"));
            if (c.get("args") != null) words.addAll(at(c, "args"));
            for (Object w : words) {
                Matcher m = ref.matcher((String) w);
                while (m.find()) assertTrue(vars.contains(m.group(1)), "$(" + m.group(1) + ") is not set in " + vars);
            }
            Map<String, Object> podIp = env.stream().filter(e -> e.get("name").equals("POD_IP")).findFirst().orElseThrow();
            assertEquals("status.podIP", at(podIp, "valueFrom", "fieldRef", "fieldPath"));
        }
    }

    @Test
    void bothRolesReachTheLearnerByTheServicesNameAndJoinTheSameRun() throws Exception {
        String service = at(full.one("Service"), "metadata", "name");
        List<String> args = at(full.one("Deployment"), "spec", "template", "spec", "containers", 0, "args");
        assertEquals("actor", args.get(0));
        assertEquals(service, value(args, "--learner-host"));
        assertEquals("$(POD_IP)", value(args, "--actor-host"));
        // the real actor's parser takes them, with the address the pod gets in place of the reference
        List<String> resolved = args.subList(1, args.size()).stream().map(a -> a.replace("$(POD_IP)", "10.1.2.3")).toList();
        ActorConfig actor = ActorConfig.fromArgs(resolved.toArray(String[]::new));
        assertEquals(service, actor.transport().learnerHost());
        assertEquals("10.1.2.3", actor.transport().actorHost());
        assertEquals(2, actor.threads());
        assertEquals(41001, actor.transport().fragmentsPort());

        List<String> command = at(full.one("Job"), "spec", "template", "spec", "containers", 0, "command");
        assertEquals(List.of("/bin/bash", "-c"), command.subList(0, 2));
        assertEquals(Manifests.learnerScript(), command.get(2));
        int n = Integer.parseInt(command.get(4));
        List<String> train = command.subList(5, 5 + n);
        List<String> resume = command.subList(5 + n, command.size());
        assertEquals("train", train.get(0));
        assertEquals(service, value(train, "--learner-host"));
        assertEquals(value(args, "--run-id"), value(train, "--run-id"));
        assertEquals(List.of("train", "--resume", "/data/runs/pendulum-k8s"), resume.subList(0, 3));
        assertEquals(service, value(resume, "--learner-host"));
        for (String fixedByTheRun : List.of("--run-id", "--actors", "--env", "--runs-dir", "--run-name", "--total-timesteps")) {
            assertFalse(resume.contains(fixedByTheRun), fixedByTheRun + " in " + resume);
        }
        assertEquals(dir.resolve("keys").toString(), value(resume, "--cluster-tls"));
    }

    @Test
    void thePathsTheProcessesAreGivenAreWhereTheVolumesAreMounted() throws Exception {
        Map<String, Object> c = at(full.one("Job"), "spec", "template", "spec", "containers", 0);
        List<String> command = at(c, "command");
        Path workdir = Path.of((String) c.get("workingDir"));
        Map<String, String> mounts = K8sLaunch.<List<Map<String, Object>>>at(c, "volumeMounts").stream()
                .collect(Collectors.toMap(m -> (String) m.get("name"), m -> (String) m.get("mountPath")));
        assertEquals(mounts.get("runs"), workdir.resolve(value(command, "--runs-dir")).toString());
        assertEquals(mounts.get("credentials"), workdir.resolve(value(command, "--cluster-tls")).toString());
        assertEquals("/dev/shm", mounts.get("shm"));
        Map<String, String> env = K8sLaunch.<List<Map<String, Object>>>at(c, "env").stream().filter(e -> e.containsKey("value"))
                .collect(Collectors.toMap(e -> (String) e.get("name"), e -> (String) e.get("value")));
        assertEquals(mounts.get("runs") + "/" + value(command, "--run-name"), env.get("RUN_DIR"));
        assertEquals(at(full.one("Service"), "metadata", "name"), env.get("LEARNER_HOST"));
        assertEquals("-Xmx3g", env.get("TRIBUTARY_JAVA_OPTS"));

        Map<String, Object> actor = at(full.one("Deployment"), "spec", "template", "spec", "containers", 0);
        Map<String, String> actorMounts = K8sLaunch.<List<Map<String, Object>>>at(actor, "volumeMounts").stream()
                .collect(Collectors.toMap(m -> (String) m.get("name"), m -> (String) m.get("mountPath")));
        List<String> args = at(actor, "args");
        assertEquals(actorMounts.get("credentials"), Path.of((String) actor.get("workingDir")).resolve(value(args, "--cluster-tls")).toString());
        assertNull(actorMounts.get("runs"), "actors write nothing to the run volume");
    }

    @Test
    void resourcesImageAndNodesFollowTheK8sBlockAndThePlacement() throws Exception {
        Map<String, Object> learnerPod = at(full.one("Job"), "spec", "template", "spec");
        Map<String, Object> actorPod = at(full.one("Deployment"), "spec", "template", "spec");
        assertEquals(Map.of("requests", Map.of("cpu", "4", "memory", "12Gi"), "limits", Map.of("memory", "12Gi")),
                at(learnerPod, "containers", 0, "resources"));
        // cpu: threads-per-actor; memory: 768 MiB heap + 512 MiB beside it + 128 MiB of /dev/shm
        assertEquals(Map.of("requests", Map.of("cpu", "2", "memory", "1408Mi"), "limits", Map.of("memory", "1408Mi", "cpu", "3")),
                at(actorPod, "containers", 0, "resources"));
        assertEquals(Map.of("cloud.example.com/pool", "learners"), learnerPod.get("nodeSelector"));
        assertEquals(Map.of("kubernetes.io/arch", "amd64", "disktype", "ssd"), actorPod.get("nodeSelector"));
        for (Map<String, Object> pod : List.of(learnerPod, actorPod)) {
            assertEquals("registry.example.com/tributary:cpu", at(pod, "containers", 0, "image"));
            assertEquals("Always", at(pod, "containers", 0, "imagePullPolicy"));
            assertEquals(List.of(Map.of("name", "regcred")), pod.get("imagePullSecrets"));
            assertEquals(Manifests.UID, (int) at(pod, "securityContext", "runAsUser"));
        }
        assertEquals("128Mi", at(actorPod, "volumes", 0, "emptyDir", "sizeLimit"));
        assertEquals("OnFailure", learnerPod.get("restartPolicy"));
    }

    @Test
    void aJobWithoutAK8sBlockOrCredentialsGetsTheDefaults() throws Exception {
        K8sLaunch.Result r = K8sLaunch.launch(dir, "Small_Job.v2", """
                train { env = Pendulum-v1, total-timesteps = 16384, num-steps = 256 }
                placement { actors = 2, envs-per-actor = 4 }
                """);
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(List.of("PersistentVolumeClaim", "Service", "Job", "Deployment"), r.objects().stream().map(o -> o.get("kind")).toList());
        for (Map<String, Object> o : r.objects()) {
            assertTrue(((String) at(o, "metadata", "name")).startsWith("tributary-small-job-v2-"), (String) at(o, "metadata", "name"));
            assertNull(at(o, "metadata", "namespace"));
        }
        Map<String, Object> actor = at(r.one("Deployment"), "spec", "template", "spec");
        assertEquals(KubernetesSettings.DEFAULT_IMAGE, at(actor, "containers", 0, "image"));
        assertFalse(((List<?>) at(actor, "containers", 0, "args")).contains("--cluster-tls"));
        assertEquals(1, ((List<?>) actor.get("volumes")).size(), "only /dev/shm: " + actor.get("volumes"));
        // 512 MiB heap + 512 MiB + 256 MiB of /dev/shm; learner: 2 GiB heap + 2 GiB + 1 GiB
        assertEquals("1280Mi", at(actor, "containers", 0, "resources", "limits", "memory"));
        assertEquals("5120Mi", at(r.one("Job"), "spec", "template", "spec", "containers", 0, "resources", "limits", "memory"));
        assertEquals("/var/lib/tributary/runs", at(r.one("Job"), "spec", "template", "spec", "containers", 0, "volumeMounts", 1, "mountPath"));
    }

    private static String value(List<String> args, String option) {
        int i = args.indexOf(option);
        assertTrue(i >= 0 && i + 1 < args.size(), option + " not in " + args);
        return args.get(i + 1);
    }
}
