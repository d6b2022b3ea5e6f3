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

    @Test
    void theVarianceMlpLayoutPutsTheVarianceLayersAfterTheMeanInThePolicyPrefixAndHasItsOwnHash() {
        PolicySpec plain = PolicySpec.cleanRl(3, 1);
        PolicySpec.VarianceMlp vm = new PolicySpec.VarianceMlp(new double[] {-2}, new double[] {2}, 0.01);
        PolicySpec cma = new PolicySpec(3, 1, new int[] {64, 64}, new int[] {64, 64}, PolicySpec.Activation.TANH, vm);
        int meanEnd = 3 * 64 + 64 + 64 * 64 + 64 + 64 + 1;
        assertEquals(meanEnd, cma.varianceLayers().get(0).weightOffset());
        assertEquals(2 * meanEnd, cma.policyParameterCount(), "mean and variance MLPs of the same shape form the prefix");
        assertEquals(2 * meanEnd, cma.criticLayers().get(0).weightOffset());
        assertEquals(plain.parameterCount() - 1 + meanEnd, cma.parameterCount());
        assertThrows(IllegalStateException.class, cma::logStdOffset);
        assertNotEquals(plain.hash(), cma.hash());
        assertNotEquals(cma.hash(), new PolicySpec(3, 1, new int[] {64, 64}, new int[] {64, 64}, PolicySpec.Activation.TANH,
                new PolicySpec.VarianceMlp(new double[] {-2}, new double[] {2}, 0.02)).hash(), "minSigma is in the hash");
        assertEquals("layout=1;obs=3;act=1;actor=[64, 64];critic=[64, 64];activation=tanh", plain.canonical(),
                "the log_std layout's hash is unchanged");
    }

    @Test
    void theSoftClipsMapRawOutputsIntoTheirBoundsAndInvert() {
        PolicySpec.VarianceMlp vm = new PolicySpec.VarianceMlp(new double[] {-2}, new double[] {2}, 0.01);
        assertEquals(0, vm.mean(0, 0), 1e-12);
        assertEquals(2, vm.mean(60, 0), 1e-12);
        assertEquals(Math.log(1e-4), vm.logVar(-60, 0), 1e-9);
        assertEquals(Math.log(16), vm.logVar(60, 0), 1e-9);
        assertEquals(Math.log(0.25), vm.logVar(vm.rawForSd(0.5, 0), 0), 1e-12);
        assertEquals(-1, vm.mean(vm.rawForMean(-1, 0), 0), 1e-12);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new PolicySpec.VarianceMlp(new double[] {Double.NEGATIVE_INFINITY}, new double[] {1}, 0.01));
        assertTrue(e.getMessage().contains("finite action bounds"), e.getMessage());
    }
}
