package io.tributary.actors.process;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.protocol.codec.DecodeResult;
import io.tributary.protocol.codec.DropCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

class ActorStateTest {

    private static DropCounters freshClientsCounters() {
        CountersManager counters = new CountersManager(new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(new byte[16 * 1024]));
        return new DropCounters("weights", (type, label) -> counters.newCounter(label, type));
    }

    @Test
    void theReportNamesTheWeightsDropsByReasonOverEveryClientOfTheProcess() {
        ActorState state = new ActorState(7, 1);
        state.beginWeightsDrops();
        DropCounters first = freshClientsCounters();
        state.countWeightsDrops(first);
        assertTrue(state.report().contains("weights drops 0, "), state.report());

        first.record(DecodeResult.STALE);
        first.record(DecodeResult.STALE);
        first.record(DecodeResult.ALREADY_HELD); // not a drop
        state.countWeightsDrops(first);
        assertTrue(state.report().contains("weights drops 2 {STALE=2}, "), state.report());

        state.beginWeightsDrops(); // a reconnect: the next client's counters start at 0
        DropCounters second = freshClientsCounters();
        second.record(DecodeResult.BAD_CHECKSUM);
        second.record(DecodeResult.STALE);
        state.countWeightsDrops(second);
        assertTrue(state.report().contains("weights drops 4 {BAD_CHECKSUM=1, STALE=3}, "), state.report());
    }
}
