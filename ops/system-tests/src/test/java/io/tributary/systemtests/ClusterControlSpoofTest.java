package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.Aeron;
import io.tributary.learner.pipeline.IterationMetrics;
import io.tributary.learner.pipeline.PipelineConfig;
import io.tributary.learner.pipeline.PipelineLearner;
import io.tributary.ops.launch.ActorProcesses;
import io.tributary.protocol.control.ControlMessage;
import io.tributary.transport.AeronClients;
import io.tributary.transport.FragmentPublisher;
import io.tributary.transport.TransportConfig;
import io.tributary.transport.cluster.ClusterConfig;
import io.tributary.transport.cluster.ClusterNode;
import io.tributary.transport.cluster.ControlEnvelope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the cluster on, the control plane is the cluster. A member of the cluster (it joined: on a cluster without TLS
 * anyone can) tries to speak for others: hellos and heartbeats naming an instance other than its node's, and
 * assignments sent to the learner; a publication on the fragments stream sends hellos over Aeron, the way the control
 * plane went without the cluster. None of it reaches the roster: each is dropped and counted (FOREIGN_SESSION,
 * BAD_CONTROL, OFF_CLUSTER), and the run trains with its two actors.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterControlSpoofTest {

    @TempDir
    Path tmp;

    @Test
    void aMemberSpeakingForAnotherInstanceAndHellosOnAeronAreDroppedAndCountedWhileTheRunTrains() throws Exception {
        TransportConfig t = TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("aeron"));
        int iterations = 12;
        PipelineConfig cfg = PipelineEndToEndTest.config(t, tmp.resolve("run"), 2, 2, 128, iterations);
        ClusterConfig cluster = new ClusterConfig(PipelineEndToEndTest.freePort(), null);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PipelineLearner learner = new PipelineLearner(cfg, new ActorProcesses(cfg, cluster), new PrintStream(log, true, StandardCharsets.UTF_8))
                .cluster(cluster);
        long ownInstance = 0x5005_0001L;
        AtomicLong clusterSpoofs = new AtomicLong();
        AtomicLong aeronHellos = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        ActorSystem<Object> spoofer = ClusterNode.startActor(Behaviors.setup(ctx -> {
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(ClusterNode.LEARNER_CONTROL, ctx.getSelf().narrow()));
            @SuppressWarnings("unchecked")
            ActorRef<ControlEnvelope>[] learnerControl = new ActorRef[1];
            return Behaviors.withTimers(timers -> {
                timers.startTimerAtFixedRate("spoof", "spoof", Duration.ofMillis(50));
                return Behaviors.receive(Object.class)
                        .onMessage(Receptionist.Listing.class, l -> {
                            l.getServiceInstances(ClusterNode.LEARNER_CONTROL).forEach(r -> learnerControl[0] = r);
                            return Behaviors.same();
                        })
                        .onMessageEquals("spoof", () -> {
                            ActorRef<ControlEnvelope> to = learnerControl[0];
                            if (to == null) return Behaviors.same();
                            ActorRef<ControlEnvelope> me = ctx.getSelf().narrow();
                            long other = ownInstance + 1 + clusterSpoofs.get(); // never this node's instance
                            to.tell(new ControlEnvelope(cfg.runId(), new ControlMessage.Hello(other, 1L, 4242, "spoofer", 1L,
                                    "Pendulum-v1", 0L, 2, 128, 0), me));
                            to.tell(new ControlEnvelope(cfg.runId(), new ControlMessage.Heartbeat(0, other, 0L, 0L, 0L, 0L), me));
                            to.tell(new ControlEnvelope(cfg.runId(), new ControlMessage.Assign(ownInstance, 0, 1L, 4242), me));
                            clusterSpoofs.incrementAndGet();
                            return Behaviors.same();
                        })
                        .build();
            });
        }), cluster, "127.0.0.1", "127.0.0.1", ownInstance);
        Thread aeronSpoofer = new Thread(() -> {
            while (running.get() && !Files.exists(t.aeronDir().resolve("cnc.dat"))) Thread.onSpinWait();
            try (Aeron aeron = AeronClients.connect(t.aeronDir());
                    FragmentPublisher pub = new FragmentPublisher(aeron, t, 2, 128, 3, 1)) {
                pub.runId(cfg.runId());
                while (running.get()) {
                    ControlMessage.Hello h = new ControlMessage.Hello(0x0AE0_0001L, 2L, pub.sessionId(), "aeron-spoofer", 2L,
                            "Pendulum-v1", learner.spec().hash(), 2, 128, -1);
                    if (pub.isConnected() && pub.tryPublishControl(h)) aeronHellos.incrementAndGet();
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                if (running.get()) e.printStackTrace();
            }
        }, "aeron-spoofer");
        aeronSpoofer.start();
        List<IterationMetrics> history;
        try {
            history = learner.run();
        } finally {
            running.set(false);
            aeronSpoofer.join(10_000);
            spoofer.terminate();
            System.out.print(log.toString(StandardCharsets.UTF_8));
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(iterations, history.size());
        assertTrue(clusterSpoofs.get() > 0 && aeronHellos.get() > 0, "spoofs sent: cluster " + clusterSpoofs + ", aeron " + aeronHellos);
        assertTrue(count(text, "FOREIGN_SESSION") > 0, "a member's hellos and heartbeats for others:\n" + text);
        assertTrue(count(text, "BAD_CONTROL") > 0, "assignments sent to the learner:\n" + text);
        assertTrue(count(text, "OFF_CLUSTER") > 0, "hellos on Aeron:\n" + text);
        assertTrue(text.contains("joined mid-run 0"), "nobody but the two actors joined:\n" + text);
        assertTrue(!text.contains("spoofer"), "no spoofed hello was answered or logged as an actor:\n" + text);
        System.out.println("cluster spoof rounds " + clusterSpoofs + ", aeron hellos " + aeronHellos);
    }

    /** A drop reason's count in the learner's final line, 0 when absent. */
    private static long count(String log, String reason) {
        Matcher m = Pattern.compile(reason + "=(\\d+)").matcher(log);
        long last = 0;
        while (m.find()) last = Long.parseLong(m.group(1));
        return last;
    }
}
