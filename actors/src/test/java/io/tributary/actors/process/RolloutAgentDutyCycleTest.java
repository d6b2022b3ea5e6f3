package io.tributary.actors.process;

import static org.junit.jupiter.api.Assertions.*;

import io.aeron.Aeron;
import io.tributary.actors.ActorConfig;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import io.tributary.protocol.control.ControlMessage;
import io.tributary.transport.AeronClients;
import io.tributary.transport.EmbeddedDriver;
import io.tributary.transport.FragmentPublisher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rollout agent's duty cycle is bounded: it advances a fragment a few vector steps, so a stop request that comes
 * while a fragment is being collected takes effect at the next duty cycle, with no vector step after it. Driven by
 * hand (no runner), with a publication nobody subscribes to.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RolloutAgentDutyCycleTest {

    private static final int ENVS = 2;
    private static final int T = 64;
    private static final int PER_CYCLE = RolloutAgent.VECTOR_STEPS_PER_DUTY_CYCLE;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} rollout thread(s)")
    @ValueSource(ints = {1, 2})
    void aStopRequestMidFragmentIsHonouredAtTheNextDutyCycle(int threads) {
        Path dir = tmp.resolve("driver");
        ActorConfig cfg = config(dir, "--threads", "" + threads);
        PolicySpec spec = PolicySpec.cleanRl(3, 1);
        try (EmbeddedDriver driver = EmbeddedDriver.launch(dir); Aeron aeron = AeronClients.connect(dir)) {
            ActorState state = new ActorState(7, 1);
            List<String> stops = new ArrayList<>();
            FragmentPublisher publisher = new FragmentPublisher(aeron, cfg.transport(), ENVS, T, 3, 1);
            RolloutAgent agent = part(cfg, spec, state, publisher, true, stops::add);
            state.actorId = 0;
            state.assignedSession = publisher.sessionId();
            state.latest = new PolicyVersion(spec);
            try {
                agent.doWork();
                assertEquals((long) PER_CYCLE * ENVS, agent.envStepsTaken(), "one duty cycle: a few vector steps, not the fragment's " + T);
                agent.doWork();
                assertEquals(2L * PER_CYCLE * ENVS, agent.envStepsTaken());

                state.stopping = true;
                for (int i = 0; i < 5; i++) assertEquals(0, agent.doWork(), "no work once stopping");
                assertEquals(2L * PER_CYCLE * ENVS, agent.envStepsTaken(), "no vector step after the stop");
                assertFalse(publisher.hasStaged(), "the unfinished fragment is not staged");
                assertEquals(0, publisher.fragmentsPublished());
                assertTrue(stops.isEmpty(), "the agent does not stop the process itself");
            } finally {
                agent.onClose();
            }
        }
    }

    @ParameterizedTest(name = "{0} rollout thread(s)")
    @ValueSource(ints = {1, 2})
    void aFragmentIsStagedAfterTOverTheStepsPerDutyCycle(int threads) {
        Path dir = tmp.resolve("driver");
        ActorConfig cfg = config(dir, "--threads", "" + threads);
        PolicySpec spec = PolicySpec.cleanRl(3, 1);
        try (EmbeddedDriver driver = EmbeddedDriver.launch(dir); Aeron aeron = AeronClients.connect(dir)) {
            ActorState state = new ActorState(7, 1);
            FragmentPublisher publisher = new FragmentPublisher(aeron, cfg.transport(), ENVS, T, 3, 1);
            RolloutAgent agent = part(cfg, spec, state, publisher, true, r -> {});
            state.actorId = 0;
            state.assignedSession = publisher.sessionId();
            state.latest = new PolicyVersion(spec);
            try {
                int cycles = T / PER_CYCLE;
                for (int i = 1; i < cycles; i++) agent.doWork();
                assertFalse(publisher.hasStaged(), "after " + (cycles - 1) + " duty cycles the fragment is not complete");
                agent.doWork();
                assertEquals((long) T * ENVS, agent.envStepsTaken());
                // nobody subscribes, so the offer fails and the fragment stays pending as state
                assertTrue(publisher.hasStaged(), "after " + cycles + " duty cycles the fragment is staged");
                assertEquals(0, state.lastUsed, "version 0 used");
                agent.doWork();
                assertEquals((long) T * ENVS, agent.envStepsTaken(), "no new fragment while one is pending");
            } finally {
                agent.onClose();
            }
        }
    }

    /**
     * The "no new weights" clock belongs to the process, not to the part: a rollout part built after a restart (one
     * per 30 s offer timeout while the learner is gone) must not start it again, or a hand-started actor whose learner
     * died would never exit.
     */
    @org.junit.jupiter.api.Test
    void aRestartedPartKeepsTheLearnerTimeoutClockAndStopsWhenItHasRunOut() {
        Path dir = tmp.resolve("driver");
        ActorConfig cfg = config(dir, "--learner-timeout-ms", "1000");
        PolicySpec spec = PolicySpec.cleanRl(3, 1);
        try (EmbeddedDriver driver = EmbeddedDriver.launch(dir); Aeron aeron = AeronClients.connect(dir)) {
            ActorState state = new ActorState(7, 1);
            state.startLearnerClock(); // the process's first part started
            state.actorId = 0;
            state.latest = new PolicyVersion(spec);
            state.lastUsed = 0;
            state.lastPublished = 0; // version 0's fragment went out; the learner has been silent since, for 1.5 s
            state.learnerNewsNs = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(1500);
            List<String> stops = new ArrayList<>();
            FragmentPublisher publisher = new FragmentPublisher(aeron, cfg.transport(), ENVS, T, 3, 1);
            RolloutAgent restarted = part(cfg, spec, state, publisher, true, stops::add);
            state.assignedSession = publisher.sessionId();
            try {
                restarted.onStart();
                assertEquals(0, restarted.doWork());
                assertEquals(List.of("learner lost: no new weights for 1000 ms"), stops, "the fresh part stops at its first duty cycle");
            } finally {
                restarted.onClose();
            }
        }
    }

    /**
     * The process's own start (JVM, media driver, parts system) is not the learner's silence: on a loaded machine it
     * took longer than a 5 s timeout, and a hand-started actor gave up before its first hello was answered.
     */
    @org.junit.jupiter.api.Test
    void theFirstRolloutPartToStartRestartsTheLearnerClockSoThatTheProcesssOwnStartIsNotCounted() {
        Path dir = tmp.resolve("driver");
        ActorConfig cfg = config(dir, "--learner-timeout-ms", "1000");
        PolicySpec spec = PolicySpec.cleanRl(3, 1);
        try (EmbeddedDriver driver = EmbeddedDriver.launch(dir); Aeron aeron = AeronClients.connect(dir)) {
            ActorState state = new ActorState(7, 1);
            state.learnerNewsNs = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(1500); // the process took 1.5 s to get here
            List<String> stops = new ArrayList<>();
            FragmentPublisher publisher = new FragmentPublisher(aeron, cfg.transport(), ENVS, T, 3, 1);
            RolloutAgent first = part(cfg, spec, state, publisher, false, stops::add);
            try {
                first.onStart();
                assertEquals(0, first.doWork());
                assertEquals(List.of(), stops, "not assigned yet, but the learner has had no time to answer");
                state.learnerNewsNs = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(1500);
                first.onStart(); // a second start of the process's parts (a restart) does not restart the clock
                assertEquals(0, first.doWork());
                assertEquals(List.of("learner lost: no assignment from the learner"), stops);
            } finally {
                first.onClose();
            }
        }
    }

    /** An IPC actor's configuration over the driver in {@code dir}, plus {@code more} options. */
    private static ActorConfig config(Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of("--env", "Pendulum-v1", "--envs", "" + ENVS, "--steps", "" + T,
                "--transport", "ipc", "--aeron-dir", dir.toString(), "--embedded-driver", "false"));
        args.addAll(List.of(more));
        return ActorConfig.fromArgs(args.toArray(String[]::new));
    }

    /** A rollout part over {@code publisher}, with counters of its own; {@code weightsConnected} as its weights link says. */
    private static RolloutAgent part(ActorConfig cfg, PolicySpec spec, ActorState state, FragmentPublisher publisher,
            boolean weightsConnected, java.util.function.Consumer<String> stop) {
        CountersManager counters = new CountersManager(new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(new byte[16 * 1024]));
        return new RolloutAgent(cfg, spec, state, new ActorCounters((type, label) -> counters.newCounter(label, type), state.instanceId),
                publisher, () -> weightsConnected, new ControlMessage.Hello(7, 8, 0, "test", 1, "Pendulum-v1", spec.hash(), ENVS, T, -1), stop);
    }
}
