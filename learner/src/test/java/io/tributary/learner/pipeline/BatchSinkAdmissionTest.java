package io.tributary.learner.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learner.algo.Hyperparameters;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import io.tributary.protocol.codec.DecodeResult;
import io.tributary.protocol.codec.DropCounters;
import io.tributary.protocol.control.ControlMessage;
import io.tributary.transport.TransportConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

/** The learner's admission of a well-formed fragment books each refusal under a reason of its own. */
class BatchSinkAdmissionTest {

    @Test
    void anUnassignedActorAForeignSessionAStaleVersionAndADuplicateAreCountedUnderTheirOwnReasons() {
        CountersManager cm = new CountersManager(new UnsafeBuffer(new byte[1 << 16]), new UnsafeBuffer(new byte[1 << 14]));
        Hyperparameters hp = Hyperparameters.rpo("Pendulum-v1").with("num-envs", "4").with("num-steps", "8").with("num-minibatches", "2");
        PipelineConfig cfg = new PipelineConfig(hp, 2, 2, TransportConfig.defaults(TransportConfig.Mode.IPC), Path.of("unused"),
                false, 1000, 1000, 1, 0.0);
        PolicySpec spec = hp.policySpec(3, 1);
        DropCounters drops = new DropCounters("fragments", (type, label) -> cm.newCounter(label, type));
        LearnerState st = new LearnerState(cfg, spec, drops, new LearnerCounters((type, label) -> cm.newCounter(label, type)));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BatchSink sink = new BatchSink(st, new PrintStream(log, true, StandardCharsets.UTF_8));
        int session = 1234;
        sink.onControl(new ControlMessage.Hello(7L, 8L, session, "host", 1, "Pendulum-v1", spec.hash(), 2, 8, -1), session);
        assertEquals(1, st.assigned, log.toString(StandardCharsets.UTF_8));
        st.nextVersion(0); // the assigned actor becomes a member of version 0

        // actor 1: a valid id range, but nobody was assigned to it
        assertNull(sink.admit(1, st.currentVersion, session));
        assertEquals(1, drops.get(DecodeResult.UNASSIGNED_ACTOR));

        // actor 0's id from another publication: a spoof, refused before its version is even looked at
        assertNull(sink.admit(0, st.currentVersion, session + 1));
        assertEquals(1, drops.get(DecodeResult.FOREIGN_SESSION));
        // a hello for actor 0 from another session without its secret does not move the binding
        sink.onControl(new ControlMessage.Hello(7L, 9L, session + 1, "host", 1, "Pendulum-v1", spec.hash(), 2, 8, -1), session + 1);
        assertEquals(2, drops.get(DecodeResult.FOREIGN_SESSION));
        assertNull(sink.admit(0, st.currentVersion, session + 1));
        assertEquals(3, drops.get(DecodeResult.FOREIGN_SESSION));

        assertNull(sink.admit(0, st.currentVersion + 3, session));
        assertEquals(1, drops.get(DecodeResult.STALE));

        TrajectoryFragment f = sink.admit(0, st.currentVersion, session);
        assertNotNull(f, "actor 0's slot");
        f.specHash = spec.hash();
        f.policyVersion = st.currentVersion;
        f.actorId = 0; // what the decoder reads from the header
        sink.onFragment(f, 0);
        assertEquals(1, st.fragmentsAccepted.get());
        assertNull(sink.admit(0, st.currentVersion, session));
        assertEquals(1, drops.get(DecodeResult.DUPLICATE));
        assertEquals(1, st.fragmentsAccepted.get(), "the duplicate did not replace the accepted fragment");
        assertEquals(6, drops.total());
        assertTrue(drops.snapshot().keySet().stream().noneMatch(r -> r == DecodeResult.BAD_COUNT));
    }
}
