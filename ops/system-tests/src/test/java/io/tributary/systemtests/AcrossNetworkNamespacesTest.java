package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline across hosts for real: a learner ({@code train --transport udp --spawn false}) in one network namespace
 * and two actors started by hand ({@code ActorMain --transport udp --learner-host ... --actor-host ...}) in two others,
 * joined by a bridge (ops/lib/netns.sh); packet loss by nftables on every host's incoming packets (this kernel has no
 * netem). Needs root, ip and nft; skips, saying why, without them.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
@org.junit.jupiter.api.Tag("hosts") // root and network namespaces: ops/test-hosts runs it (from .ci/run), not ops/test
class AcrossNetworkNamespacesTest {

    static final int ACTORS = 2;
    static final int ENVS = 4;
    static final int STEPS = 256;
    /** Iterations per phase; the loss is switched on and off every phase, the first phase is warm-up. */
    static final int PHASE = 10;
    static final int PHASES = 9;
    static final int LOSS_PERCENT = 5;

    @TempDir
    Path tmp;

    /**
     * The speed ratio is printed here, and held to 70% only by the soak below: over 90 iterations on a loaded 2-core
     * machine it measured 0.61-0.97, so a bar here would test the machine's load more than the transport.
     */
    @Test
    void theJobTrainsAcrossThreeHostsAndThroughFivePercentPacketLossLosesNothingWithNoStallOverOneSecond()
            throws Exception {
        trainsThroughLoss("tn", PHASES, false);
    }

    /** The same for 410 iterations (20 lossy blocks of 10): a soak, about 35 s on 2 cores. */
    @Test
    @org.junit.jupiter.api.Tag("long")
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void overFourHundredIterationsWithFivePercentPacketLossNothingIsLostNoStallExceedsOneSecondAndSeventyPercentOfTheSpeedStays()
            throws Exception {
        trainsThroughLoss("ts", 41, true);
    }

    private void trainsThroughLoss(String name, int phases, boolean holdSpeedRatio) throws Exception {
        try (NetnsHosts hosts = NetnsHosts.create(name, 61, ACTORS)) {
            Cluster c = start(hosts, PHASE * phases, 20_000);
            try {
                // loss off in even phases (0: warm-up), on in odd ones; switched when the learner logs a phase's last iteration
                List<double[]> switches = new ArrayList<>(); // {unix seconds, loss on ? 1 : 0}
                int phase = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(12L * phases);
                while (c.learner.isAlive()) {
                    int iter = lastIteration(Files.readString(c.learnerOut));
                    if (iter >= (phase + 1) * PHASE && phase + 1 < phases) {
                        phase++;
                        hosts.loss(phase % 2 == 1 ? LOSS_PERCENT : 0);
                        switches.add(new double[] {System.currentTimeMillis() / 1e3, phase % 2});
                    }
                    assertTrue(System.nanoTime() < deadline, "training within " + 12 * phases + " s:\n" + c.logs());
                    Thread.sleep(20);
                }
                assertEquals(0, c.learner.waitFor(), "the learner finishes:\n" + c.logs());
                for (Process a : c.actors) {
                    assertTrue(a.waitFor(30, TimeUnit.SECONDS), "actors exit after the learner's shutdown:\n" + c.logs());
                    assertEquals(0, a.exitValue(), c.logs());
                }
                String learnerLog = Files.readString(c.learnerOut);
                assertTrue(learnerLog.contains("training finished; " + (long) PHASE * phases * ACTORS * ENVS * STEPS + " env steps"), learnerLog);
                // nothing corrupt: no Tributary drop (CRC, header, shape...) on either side
                assertTrue(learnerLog.contains("drops {}"), "no fragment dropped:\n" + learnerLog);
                for (Path out : c.actorOuts) assertTrue(Files.readString(out).contains("weights drops 0"), Files.readString(out));

                List<String> rows = Files.readAllLines(tmp.resolve("runs/run/metrics.csv"));
                List<String> header = Arrays.asList(rows.get(0).split(","));
                int wall = header.indexOf("wall_time"), sps = header.indexOf("env_steps_per_s"), stall = header.indexOf("max_stall_s"),
                        naks = header.indexOf("naks_sent"), retx = header.indexOf("retransmits_sent"),
                        fills = header.indexOf("loss_gap_fills"), dropped = header.indexOf("fragments_dropped");
                assertTrue(stall > 0 && naks > 0 && retx > 0 && fills > 0, "the loss columns: " + header);
                List<Double> clean = new ArrayList<>(), lossy = new ArrayList<>();
                long naksLossy = 0, retransmitsLossy = 0;
                double maxStall = 0, previousWall = 0;
                for (String row : rows.subList(1, rows.size())) {
                    String[] f = row.split(",", -1);
                    double end = Double.parseDouble(f[wall]);
                    double stallS = Double.parseDouble(f[stall]);
                    if (stallS > 0.5) System.out.println("stall over 0.5 s (loss " + (state0(switches, end) == 1 ? "on" : "off") + "): " + row);
                    maxStall = Math.max(maxStall, stallS);
                    assertEquals("0", f[fills], "every loss recovered (no loss gap fill): " + row);
                    assertEquals("0", f[dropped], row);
                    // a row belongs to a phase when its whole iteration ran after that phase's switch and before the next
                    int state = -1;
                    for (int s = 0; s < switches.size(); s++) {
                        double from = switches.get(s)[0], to = s + 1 < switches.size() ? switches.get(s + 1)[0] : Double.MAX_VALUE;
                        if (previousWall > from && end < to) state = (int) switches.get(s)[1];
                    }
                    if (state == 0) clean.add(Double.parseDouble(f[sps]));
                    if (state == 1) {
                        lossy.add(Double.parseDouble(f[sps]));
                        naksLossy += Long.parseLong(f[naks]);
                        retransmitsLossy += Long.parseLong(f[retx]);
                    }
                    previousWall = end;
                }
                double cleanMedian = median(clean), lossyMedian = median(lossy);
                System.out.printf("across namespaces: loss-free %.0f steps/s (median of %d iterations), %d%% loss %.0f steps/s (median of %d),"
                        + " ratio %.2f; longest stall %.3f s; learner NAKs sent %d and retransmits sent %d while lossy%n", cleanMedian,
                        clean.size(), LOSS_PERCENT, lossyMedian, lossy.size(), lossyMedian / cleanMedian, maxStall, naksLossy, retransmitsLossy);
                assertTrue(clean.size() >= 10 && lossy.size() >= 10, "iterations in each state: " + clean.size() + ", " + lossy.size());
                // the loss was real and Aeron recovered it: the learner NAKed lost fragment data and retransmitted lost weights data
                assertTrue(naksLossy > 0 && retransmitsLossy > 0, "NAKs " + naksLossy + ", retransmits " + retransmitsLossy);
                long actorRetransmits = 0;
                for (Path out : c.actorOuts) {
                    Matcher m = Pattern.compile("retransmits sent (\\d+)").matcher(Files.readString(out));
                    assertTrue(m.find(), "the actor prints its driver's loss counters:\n" + Files.readString(out));
                    actorRetransmits += Long.parseLong(m.group(1));
                }
                assertTrue(actorRetransmits > 0, "the actors retransmitted lost fragment data");
                assertTrue(maxStall <= 1.0, "no stall over 1 s: " + maxStall);
                if (holdSpeedRatio) assertTrue(lossyMedian >= 0.7 * cleanMedian, "with " + LOSS_PERCENT + "% loss at least 70% of the loss-free steps/s: "
                        + lossyMedian + " vs " + cleanMedian);
            } finally {
                c.destroy();
            }
        }
    }

    @Test
    void actorsOnOtherHostsExitByThemselvesWithinTheirTimeoutWhenTheLearnerIsKilled() throws Exception {
        long timeoutMs = 8_000; // the assign round trip alone took over 2 s on a loaded 2-core CI machine
        try (NetnsHosts hosts = NetnsHosts.create("tk", 62, ACTORS)) {
            Cluster c = start(hosts, 1_000_000, timeoutMs);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (lastIteration(Files.readString(c.learnerOut)) < 3) {
                    assertTrue(c.learner.isAlive() && System.nanoTime() < deadline, "training:\n" + c.logs());
                    Thread.sleep(20);
                }
                c.learner.destroyForcibly(); // SIGKILL: no hook, no shutdown message
                long killed = System.nanoTime();
                for (Process a : c.actors) assertTrue(a.waitFor(timeoutMs + 20_000, TimeUnit.MILLISECONDS), "the actor exits:\n" + c.logs());
                double seconds = (System.nanoTime() - killed) / 1e9;
                System.out.printf("actors on other hosts exited %.1f s after the learner's SIGKILL (timeout %.1f s)%n", seconds, timeoutMs / 1e3);
                for (int i = 0; i < ACTORS; i++) {
                    String text = Files.readString(c.actorOuts.get(i));
                    assertEquals(3, c.actors.get(i).exitValue(), text);
                    assertTrue(text.contains("stopping: learner lost"), text);
                }
                assertTrue(seconds <= timeoutMs / 1e3 + 3, "within the timeout (+3 s for the duty cycle and the exit): " + seconds + " s");
            } finally {
                c.destroy();
            }
        }
    }

    record Cluster(Process learner, Path learnerOut, List<Process> actors, List<Path> actorOuts, Path aeronDir) {
        String logs() throws Exception {
            StringBuilder b = new StringBuilder("--- learner\n").append(Files.readString(learnerOut));
            for (Path p : actorOuts) if (Files.exists(p)) b.append("--- ").append(p.getFileName()).append('\n').append(Files.readString(p));
            return b.toString();
        }

        void destroy() throws Exception {
            learner.destroyForcibly();
            for (Process a : actors) a.destroyForcibly();
            learner.waitFor(10, TimeUnit.SECONDS);
            if (Files.exists(aeronDir)) {
                try (var files = Files.walk(aeronDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private Cluster start(NetnsHosts hosts, int iterations, long learnerTimeoutMs) throws Exception {
        Path learnerOut = tmp.resolve("learner.out");
        List<String> train = List.of("train", "--env", "Pendulum-v1", "--algo", "rpo", "--actors", Integer.toString(ACTORS),
                "--envs-per-actor", Integer.toString(ENVS), "--num-steps", Integer.toString(STEPS), "--iterations", Integer.toString(iterations),
                "--total-timesteps", "1000000", "--transport", "udp", "--spawn", "false", "--learner-host", hosts.learnerAddress(),
                "--runs-dir", tmp.resolve("runs").toString(), "--run-name", "run");
        Process learner = new ProcessBuilder(NetnsHosts.in(hosts.learnerNamespace(), RunIsolationTest.java("io.tributary.ops.cli.Main", train)))
                .redirectErrorStream(true).redirectOutput(learnerOut.toFile()).start();
        Path aeronDir = Path.of(Files.exists(Path.of("/dev/shm")) ? "/dev/shm" : System.getProperty("java.io.tmpdir"),
                "tributary-" + System.getProperty("user.name") + "-learner-" + learner.pid());
        List<Process> actors = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        Cluster c = new Cluster(learner, learnerOut, actors, outs, aeronDir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!Files.readString(learnerOut).contains("waiting for " + ACTORS + " actors")) {
            if (!learner.isAlive() || System.nanoTime() > deadline) {
                c.destroy();
                fail("learner up:\n" + Files.readString(learnerOut));
            }
            Thread.sleep(50);
        }
        for (int i = 1; i <= ACTORS; i++) {
            Path out = tmp.resolve("actor-" + i + ".out");
            List<String> args = List.of("--env", "Pendulum-v1", "--envs", Integer.toString(ENVS), "--steps", Integer.toString(STEPS),
                    "--transport", "udp", "--learner-host", hosts.learnerAddress(), "--actor-host", hosts.actorAddress(i),
                    "--learner-timeout-ms", Long.toString(learnerTimeoutMs));
            outs.add(out);
            actors.add(new ProcessBuilder(NetnsHosts.in(hosts.actorNamespace(i), RunIsolationTest.java("io.tributary.actors.ActorMain", args)))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start());
        }
        return c;
    }

    private static final Pattern ITER = Pattern.compile("(?m)^iter (\\d+) version");

    static int lastIteration(String log) {
        Matcher m = ITER.matcher(log);
        int last = 0;
        while (m.find()) last = Integer.parseInt(m.group(1));
        return last;
    }

    /** The loss state switched last before {@code t} (0 before the first switch). */
    static int state0(List<double[]> switches, double t) {
        int st = 0;
        for (double[] sw : switches) if (sw[0] < t) st = (int) sw[1];
        return st;
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) return Double.NaN;
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
