package io.tributary.protocol.codec;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.protocol.PolicySpec;
import org.junit.jupiter.api.Test;

/** What a version costs on the wire: the policy prefix and the observation statistics, no critic, no return variance. */
class WeightsPayloadTest {

    @Test
    void aVersionCarriesThePolicyPrefixAndObservationStatisticsOnly() {
        PolicySpec pendulum = PolicySpec.cleanRl(3, 1);
        assertEquals(4482, pendulum.policyParameterCount());
        assertEquals(16 + 4 * 4482 + 16 * 3, WeightsChunkLayout.payloadLength(pendulum));
        assertEquals(17_992, WeightsChunkLayout.payloadLength(pendulum)); // the whole network would be 35,924 bytes
        PolicySpec humanoid = PolicySpec.cleanRl(67, 21);
        assertEquals(16 + 4 * humanoid.policyParameterCount() + 16 * 67, WeightsChunkLayout.payloadLength(humanoid));
        assertEquals(40_680, WeightsChunkLayout.payloadLength(humanoid)); // the whole network would be 74,996 bytes
    }

    @Test
    void aHumanoidSizedVersionFitsOneDefaultChunk() {
        // the broadcaster's default chunk limit is 64 KiB: the critic-free payload goes in one message
        assertTrue(WeightsChunkLayout.payloadLength(PolicySpec.cleanRl(67, 21)) + WeightsChunkLayout.CHUNK_DATA <= 64 * 1024);
    }
}
