package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.pipeline.IterationMetrics;
import io.tributary.learner.pipeline.PipelineConfig;
import io.tributary.learner.pipeline.PipelineLearner;
import io.tributary.ops.launch.ActorProcesses;
import io.tributary.transport.TransportConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fragment lost on the way is asked for again. The learner discards the first copy of actor 1's fragment of
 * version 2 (a test fault, as if the wire had lost it; nothing else is wrong). Actor 1's heartbeat says it published
 * that version, so after the resend deadline the learner asks it again, logs and counts the request; the actor
 * sends the kept fragment again and the iteration completes, long before the fragment timeout would end the run.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FragmentResendTest {

    @TempDir
    Path tmp;

    @Test
    void aLostFragmentIsAskedForAgainAndTheIterationCompletes() throws Exception {
        TransportConfig t = TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("aeron"));
        int iterations = 4;
        PipelineConfig base = PipelineEndToEndTest.config(t, tmp.resolve("run"), 2, 2, 128, iterations);
        // without the retry the run would fail at this fragment timeout (40 s) instead of finishing
        PipelineConfig cfg = new PipelineConfig(base.hp(), 2, 2, t, base.runDir(), true, 60_000, 40_000, iterations, 0.0, 1, 1_000);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PipelineLearner learner = new PipelineLearner(cfg, new ActorProcesses(cfg), new PrintStream(log, true, StandardCharsets.UTF_8));
        learner.loseFirstCopy(1, 2);
        List<IterationMetrics> history;
        long start = System.nanoTime();
        try {
            history = learner.run();
        } finally {
            System.out.print(log.toString(StandardCharsets.UTF_8));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(iterations, history.size(), "every iteration done");
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("the first copy of actor 1's fragment of version 2 is lost"), text);
        assertTrue(text.contains("version 2: actor 1 published its fragment but it has not arrived after 1000 ms; asking again"), text);
        IterationMetrics third = history.get(2); // iteration 3 trains on version 2's batch
        assertEquals(2, third.version() - 1);
        assertTrue(third.fragmentResends() >= 1, "the iteration counts its request: " + third.fragmentResends());
        assertEquals(0, history.get(0).fragmentResends() + history.get(1).fragmentResends() + history.get(3).fragmentResends());
        assertEquals(0, third.fragmentsDropped(), "a copy that came back is not a drop");
        assertTrue(third.rolloutS() >= 1.0, "the wait is visible in the iteration's rollout time: " + third.rolloutS());
        String csv = Files.readString(cfg.runDir().resolve("metrics.csv"));
        assertTrue(csv.lines().findFirst().orElseThrow().contains(",policy_lag,mean_episodic_length,fragment_resends,"), csv);
        String actorLog = Files.readString(cfg.runDir().resolve("actor-1.log"));
        assertTrue(actorLog.contains("the learner asked again for the fragment of version 2"), actorLog);
        assertTrue(seconds < 35, "finished by the retry, not after the fragment timeout: " + seconds + " s");
    }
}
