package io.tributary.learner.nn;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.protocol.PolicySpec;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The networks' Jacobian-vector products against central finite differences of an independent float64 forward
 * pass, and their vector-Jacobian products against the same and against the JVPs ({@code <u, J d> = <J^T u, d>}),
 * for the policy (mean MLP and log_std) and the value network, tanh and relu, both matrix-product routes.
 */
class NetworkProductsTest {

    private static final int ROWS = 33;
    private static final double H = 1e-6;

    private record Setup(PolicySpec spec, ActorCriticNet net, double[] w, double[][] obs, ActorCriticNet.Workspace ws,
            ParameterVector direction, double[] d, RandomGenerator rng) {}

    private static Setup setup(String activation, Gemm gemm) {
        PolicySpec spec = new PolicySpec(5, 3, new int[] {8, 7}, new int[] {6, 9},
                PolicySpec.Activation.valueOf(activation.toUpperCase()));
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(11);
        float[] wf = OrthogonalInit.init(spec, rng);
        // a generic point: every weight and bias moved, log_std non-zero
        for (int i = 0; i < wf.length; i++) wf[i] += (float) (0.3 * rng.nextGaussian());
        ActorCriticNet net = new ActorCriticNet(spec, gemm);
        net.setParams(wf);
        double[] w = new double[wf.length];
        for (int i = 0; i < w.length; i++) w[i] = wf[i];
        ActorCriticNet.Workspace ws = net.workspace(ROWS);
        double[][] obs = new double[ROWS][spec.observationDim()];
        for (int r = 0; r < ROWS; r++) {
            for (int k = 0; k < spec.observationDim(); k++) {
                float x = (float) rng.nextGaussian();
                obs[r][k] = x;
                ws.obs().put(r * spec.observationDim() + k, x);
            }
        }
        ParameterVector direction = net.newParameterVector();
        double[] d = new double[w.length];
        for (int i = 0; i < d.length; i++) {
            float x = (float) rng.nextGaussian();
            d[i] = x;
            direction.buffer().put(i, x);
        }
        net.forward(ws);
        return new Setup(spec, net, w, obs, ws, direction, d, rng);
    }

    @ParameterizedTest(name = "{0} gemm={1}")
    @CsvSource({"tanh, CBLAS", "relu, CBLAS", "tanh, ND4J", "relu, ND4J"})
    void thePolicyJvpIsTheDirectionalDerivativeOfMeanAndLogStd(String activation, Gemm gemm) {
        Setup s = setup(activation, gemm);
        int ad = s.spec.actionDim();
        float[] logStdTangent = new float[ad];
        s.net.policy().jvp(s.ws, s.direction, logStdTangent);
        FloatBuffer t = s.ws.meanTangent();
        double[][] fd = meanDifferences(s);
        double scale = 0;
        double err = 0;
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < ad; j++) {
                scale = Math.max(scale, Math.abs(fd[r][j]));
                err = Math.max(err, Math.abs(fd[r][j] - t.get(r * ad + j)));
            }
        }
        assertTrue(scale > 1e-2, "a direction that moves the mean: " + scale);
        assertTrue(err <= 1e-4 * scale, "max |JVP - finite difference| " + err + " at scale " + scale);
        for (int j = 0; j < ad; j++) assertEquals((float) s.d[s.spec.logStdOffset() + j], logStdTangent[j]);
    }

    @ParameterizedTest(name = "{0} gemm={1}")
    @CsvSource({"tanh, CBLAS", "relu, CBLAS", "tanh, ND4J", "relu, ND4J"})
    void thePolicyVjpIsTheTransposeOfTheJvpAndLeavesTheCriticAlone(String activation, Gemm gemm) {
        Setup s = setup(activation, gemm);
        int ad = s.spec.actionDim();
        double[] u = new double[ROWS * ad];
        float[] uLogStd = new float[ad];
        for (int i = 0; i < u.length; i++) {
            u[i] = (float) s.rng.nextGaussian();
            s.ws.meanGrad().put(i, (float) u[i]);
        }
        for (int j = 0; j < ad; j++) uLogStd[j] = (float) s.rng.nextGaussian();
        ParameterVector target = s.net.newParameterVector();
        for (int i = 0; i < target.size(); i++) target.buffer().put(i, 12345f);
        s.net.policy().vjp(s.ws, uLogStd, target);

        double vjpDotD = 0;
        for (int i = 0; i < s.spec.policyParameterCount(); i++) vjpDotD += target.buffer().get(i) * s.d[i];
        for (int i = s.spec.policyParameterCount(); i < target.size(); i++) {
            assertEquals(12345f, target.buffer().get(i), "critic slice untouched at " + i);
        }
        // <u, J d> by finite differences in float64
        double[][] fd = meanDifferences(s);
        double fdDot = 0;
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < ad; j++) fdDot += u[r * ad + j] * fd[r][j];
        }
        for (int j = 0; j < ad; j++) fdDot += uLogStd[j] * s.d[s.spec.logStdOffset() + j];
        assertEquals(fdDot, vjpDotD, 1e-4 * Math.max(1, Math.abs(fdDot)), "<J^T u, d> against finite differences");
        // <u, J d> by the network's own JVP
        float[] logStdTangent = new float[ad];
        s.net.policy().jvp(s.ws, s.direction, logStdTangent);
        double jvpDot = 0;
        for (int i = 0; i < u.length; i++) jvpDot += u[i] * s.ws.meanTangent().get(i);
        for (int j = 0; j < ad; j++) jvpDot += uLogStd[j] * logStdTangent[j];
        assertEquals(jvpDot, vjpDotD, 1e-5 * Math.max(1, Math.abs(jvpDot)), "<u, J d> == <J^T u, d>");
    }

    @ParameterizedTest(name = "{0} gemm={1}")
    @CsvSource({"tanh, CBLAS", "relu, CBLAS", "tanh, ND4J", "relu, ND4J"})
    void theValueNetworkIsAddressableOnItsOwnWithBothProducts(String activation, Gemm gemm) {
        Setup s = setup(activation, gemm);
        s.net.value().jvp(s.ws, s.direction);
        FloatBuffer t = s.ws.valueTangent();
        double[] u = new double[ROWS];
        for (int r = 0; r < ROWS; r++) {
            u[r] = (float) s.rng.nextGaussian();
            s.ws.valueGrad().put(r, (float) u[r]);
        }
        double scale = 0;
        double err = 0;
        double fdDot = 0;
        double jvpDot = 0;
        for (int r = 0; r < ROWS; r++) {
            double up = mlp(shifted(s.w, s.d, H), s.spec.criticLayers(), s.obs[r], s.spec)[0];
            double down = mlp(shifted(s.w, s.d, -H), s.spec.criticLayers(), s.obs[r], s.spec)[0];
            double fd = (up - down) / (2 * H);
            scale = Math.max(scale, Math.abs(fd));
            err = Math.max(err, Math.abs(fd - t.get(r)));
            fdDot += u[r] * fd;
            jvpDot += u[r] * t.get(r);
        }
        assertTrue(err <= 1e-4 * scale, "max |JVP - finite difference| " + err + " at scale " + scale);
        ParameterVector target = s.net.newParameterVector();
        for (int i = 0; i < target.size(); i++) target.buffer().put(i, -7f);
        s.net.value().vjp(s.ws, target);
        double vjpDotD = 0;
        for (int i = 0; i < s.spec.policyParameterCount(); i++) assertEquals(-7f, target.buffer().get(i), "policy slice untouched");
        for (int i = s.spec.policyParameterCount(); i < target.size(); i++) vjpDotD += target.buffer().get(i) * s.d[i];
        assertEquals(fdDot, vjpDotD, 1e-4 * Math.max(1, Math.abs(fdDot)), "<J^T u, d> against finite differences");
        assertEquals(jvpDot, vjpDotD, 1e-5 * Math.max(1, Math.abs(jvpDot)), "<u, J d> == <J^T u, d>");
    }

    /** (mean(w + h d) - mean(w - h d)) / 2h per row, in float64. */
    private static double[][] meanDifferences(Setup s) {
        double[][] out = new double[ROWS][];
        double[] up = shifted(s.w, s.d, H);
        double[] down = shifted(s.w, s.d, -H);
        for (int r = 0; r < ROWS; r++) {
            double[] a = mlp(up, s.spec.actorLayers(), s.obs[r], s.spec);
            double[] b = mlp(down, s.spec.actorLayers(), s.obs[r], s.spec);
            out[r] = new double[a.length];
            for (int j = 0; j < a.length; j++) out[r][j] = (a[j] - b[j]) / (2 * H);
        }
        return out;
    }

    private static double[] shifted(double[] w, double[] d, double h) {
        double[] x = new double[w.length];
        for (int i = 0; i < w.length; i++) x[i] = w[i] + h * d[i];
        return x;
    }

    /** The MLP in float64, written independently of the network: hidden layers activated, the head linear. */
    private static double[] mlp(double[] w, List<PolicySpec.Layer> layers, double[] x, PolicySpec spec) {
        double[] in = x;
        for (int l = 0; l < layers.size(); l++) {
            PolicySpec.Layer layer = layers.get(l);
            double[] out = new double[layer.out()];
            for (int o = 0; o < layer.out(); o++) {
                double z = w[layer.biasOffset() + o];
                for (int i = 0; i < layer.in(); i++) z += w[layer.weightOffset() + o * layer.in() + i] * in[i];
                boolean hidden = l < layers.size() - 1;
                out[o] = !hidden ? z : spec.activation() == PolicySpec.Activation.TANH ? Math.tanh(z) : Math.max(0, z);
            }
            in = out;
        }
        return in;
    }
}
