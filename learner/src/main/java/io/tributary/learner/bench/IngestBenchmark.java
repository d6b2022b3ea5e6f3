package io.tributary.learner.bench;

import io.aeron.Aeron;
import io.tributary.transport.EmbeddedDriver;
import io.tributary.transport.FragmentPublisher;
import io.tributary.transport.OfferFailedException;
import io.tributary.transport.TransportConfig;
import io.tributary.learner.transport.FragmentIngest;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import io.tributary.protocol.codec.DropCounters;
import io.tributary.protocol.control.ControlMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learner ingest capacity: synthetic actors (threads, each with its own exclusive publication) publish
 * pre-filled fragments as fast as back-pressure lets them; the learner's real {@link FragmentIngest} agent decodes
 * and validates every one (header, checksum, spec, counts, finiteness) into its preallocated fragment. Over UDP the
 * actors use a media driver of their own, so every byte crosses the loopback socket as it would between hosts.
 *
 * <p>Run with {@code ops/bench-ingest --transport ipc|udp [...]} (the {@code bench-ingest} command, which lists the options).
 */
public final class IngestBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(IngestBenchmark.class);

    /** One measurement's settings (the {@code bench-ingest} command's options). */
    public record Settings(TransportConfig.Mode transport, int actors, int envs, int steps, int obs, int act, double seconds,
            int rounds, int mtu) {}

    private IngestBenchmark() {}

    public static void run(Settings settings, java.io.PrintStream out) throws Exception {
        String transport = settings.transport().name().toLowerCase(java.util.Locale.ROOT);
        int actors = settings.actors();
        int envs = settings.envs();
        int steps = settings.steps();
        int obs = settings.obs();
        int act = settings.act();
        double seconds = settings.seconds();
        int rounds = settings.rounds();
        int mtu = settings.mtu();

        PolicySpec spec = PolicySpec.cleanRl(obs, act);
        TransportConfig d = TransportConfig.defaults(settings.transport());
        TransportConfig learnerCfg = new TransportConfig(d.mode(), d.aeronDir(), d.learnerHost(), d.fragmentsPort(), d.weightsPort(),
                d.actorHost(), d.fragmentsStreamId(), d.weightsStreamId(), mtu, d.socketBuffer());
        Path actorDir = learnerCfg.mode() == TransportConfig.Mode.UDP ? TransportConfig.defaultAeronDir("bench-actors") : learnerCfg.aeronDir();
        TransportConfig actorCfg = learnerCfg.withAeronDir(actorDir);

        EmbeddedDriver learnerDriver = EmbeddedDriver.launch(learnerCfg.aeronDir(), learnerCfg);
        EmbeddedDriver actorDriver = learnerCfg.mode() == TransportConfig.Mode.UDP ? EmbeddedDriver.launch(actorDir, learnerCfg) : null;
        Aeron learnerAeron = io.tributary.transport.AeronClients.connect(learnerCfg.aeronDir());
        Aeron actorAeron = actorDriver == null ? learnerAeron : io.tributary.transport.AeronClients.connect(actorDir);

        DropCounters drops = new DropCounters("fragments", learnerAeron::addCounter);
        TrajectoryFragment slot = new TrajectoryFragment(envs, steps, spec.observationDim(), spec.actionDim());
        FragmentIngest ingest = new FragmentIngest(learnerAeron, learnerCfg, spec, envs, steps, drops, new FragmentIngest.Sink() {
            @Override
            public TrajectoryFragment admit(int actorId, long policyVersion, int sessionId) {
                return slot; // every fragment is admitted into one slot: the benchmark measures decoding
            }

            @Override
            public void onFragment(TrajectoryFragment f, int len) {}

            @Override
            public void onControl(ControlMessage m, int sessionId) {}
        });
        AgentRunner ingestRunner = new AgentRunner(new BusySpinIdleStrategy(), t -> LOG.error("ingest failed", t), null, ingest);
        AgentRunner.startOnThread(ingestRunner);

        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        List<FragmentPublisher> pubs = new ArrayList<>();
        int messageLength = 0;
        for (int a = 0; a < actors; a++) {
            FragmentPublisher pub = new FragmentPublisher(actorAeron, actorCfg, envs, steps, obs, act);
            pubs.add(pub);
            TrajectoryFragment f = syntheticFragment(spec, envs, steps, a);
            int actorId = a;
            Thread t = new Thread(() -> {
                YieldingIdleStrategy idle = new YieldingIdleStrategy();
                long seq = 0;
                while (running.get()) {
                    f.sequence = seq++;
                    try {
                        pub.publish(f, idle, TimeUnit.SECONDS.toNanos(1));
                    } catch (OfferFailedException e) {
                        if (running.get()) LOG.warn("actor {}: {}", actorId, e.getMessage());
                    }
                }
            }, "synthetic-actor-" + a);
            threads.add(t);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ingest.imageCount() < actors && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        threads.forEach(Thread::start);

        out.printf("ingest benchmark: transport=%s actors=%d envs=%d steps=%d obs=%d act=%d mtu=%d cores=%d%n",
                transport, actors, envs, steps, obs, act, mtu, Runtime.getRuntime().availableProcessors());
        Thread.sleep(2000); // warm-up: JIT, page faults on the term buffers
        double[] fps = new double[rounds];
        double[] mbps = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long f0 = ingest.fragmentsAccepted();
            long b0 = ingest.bytesAccepted();
            long t0 = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            long dt = System.nanoTime() - t0;
            fps[r] = (ingest.fragmentsAccepted() - f0) * 1e9 / dt;
            mbps[r] = (ingest.bytesAccepted() - b0) * 1e9 / dt / 1e6;
            messageLength = (int) ((ingest.bytesAccepted() - b0) / Math.max(1, ingest.fragmentsAccepted() - f0));
            out.printf("  round %d: %,.0f fragments/s  %,.0f env steps/s  %,.1f MB/s%n", r, fps[r], fps[r] * envs * steps, mbps[r]);
        }
        running.set(false);
        threads.forEach(t -> {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        double medF = median(fps);
        out.printf("median: %,.0f fragments/s, %,.0f env steps/s, %,.1f MB/s (fragment %,d bytes); drops %s%n",
                medF, medF * envs * steps, median(mbps), messageLength, drops.snapshot());
        long dropped = drops.total(); // read before close: the counters live in the driver's mapped file
        ingestRunner.close();
        pubs.forEach(FragmentPublisher::close);
        if (actorAeron != learnerAeron) actorAeron.close();
        learnerAeron.close();
        if (actorDriver != null) actorDriver.close();
        learnerDriver.close();
        if (dropped != 0) System.exit(1);
    }

    static TrajectoryFragment syntheticFragment(PolicySpec spec, int envs, int steps, long seed) {
        Random rnd = new Random(seed);
        TrajectoryFragment f = new TrajectoryFragment(envs, steps, spec.observationDim(), spec.actionDim());
        f.actorId = (int) seed;
        f.policyVersion = 1;
        f.specHash = spec.hash();
        for (int i = 0; i < f.observations.length; i++) f.observations[i] = (float) rnd.nextGaussian();
        for (int i = 0; i < f.actions.length; i++) f.actions[i] = (float) rnd.nextGaussian();
        for (int r = 0; r < f.rows(); r++) {
            f.logProbs[r] = (float) -rnd.nextDouble();
            f.rewards[r] = (float) rnd.nextGaussian();
        }
        // A time-limit truncation per env in the fragment, as with 1000-step episodes and T=64 every ~16 fragments.
        for (int n = 0; n < envs; n++) {
            int r = (steps - 1) * envs + n;
            if (n % 4 == 0) {
                f.truncated[r] = true;
                f.addEpisode(rnd.nextGaussian() * 100, 1000);
            }
        }
        return f;
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }


}
