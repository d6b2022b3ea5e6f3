package io.tributary.protocol;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PolicySpecTest {

    @Test
    void flatLayoutOfCleanRlNetworkForHalfCheetahSizes() {
        PolicySpec spec = PolicySpec.cleanRl(17, 6);
        // actor: 17*64+64 + 64*64+64 + 64*6+6 = 1152 + 4160 + 390 = 5702; log_std 6; critic: 1152 + 4160 + 65
        assertEquals(5702, spec.logStdOffset());
        assertEquals(5708, spec.policyParameterCount());
        assertEquals(5708 + 1152 + 4160 + 65, spec.parameterCount());
        PolicySpec.Layer head = spec.actorLayers().get(2);
        assertEquals(64, head.in());
        assertEquals(6, head.out());
        assertEquals(1152 + 4160, head.weightOffset());
        assertEquals(1152 + 4160 + 384, head.biasOffset());
        assertEquals(5708, spec.criticLayers().get(0).weightOffset());
    }

    @Test
    void hashIsStableAndSeparatesSpecs() {
        PolicySpec a = PolicySpec.cleanRl(3, 1);
        assertEquals(a.hash(), PolicySpec.cleanRl(3, 1).hash());
        assertNotEquals(a.hash(), PolicySpec.cleanRl(3, 2).hash());
        assertNotEquals(a.hash(), new PolicySpec(3, 1, new int[] {64, 64}, new int[] {64, 64}, PolicySpec.Activation.RELU).hash());
        assertNotEquals(a.hash(), new PolicySpec(3, 1, new int[] {64}, new int[] {64, 64}, PolicySpec.Activation.TANH).hash());
    }

    @Test
    void badSizesAreRejectedWithTheirName() {
        var e = assertThrows(IllegalArgumentException.class, () -> PolicySpec.cleanRl(0, 1));
        assertTrue(e.getMessage().contains("observationDim"));
        e = assertThrows(IllegalArgumentException.class,
                () -> new PolicySpec(3, 1, new int[] {0}, new int[] {64}, PolicySpec.Activation.TANH));
        assertTrue(e.getMessage().contains("actorHidden"));
    }
}
