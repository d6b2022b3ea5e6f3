package io.tributary.learner.algo;

import io.tributary.protocol.PolicySpec;
import java.util.List;

/**
 * An independent, straightforward float64 implementation of CleanRL's minibatch loss over the flat parameter
 * vector, for finite differences. Written from the CleanRL update, not from {@link Ppo}.
 */
final class ReferencePpoLoss {

    private final PolicySpec spec;
    private final Hyperparameters hp;

    ReferencePpoLoss(PolicySpec spec, Hyperparameters hp) {
        this.spec = spec;
        this.hp = hp;
    }

    double[] mlp(double[] w, List<PolicySpec.Layer> layers, double[] x) {
        double[] in = x;
        for (int l = 0; l < layers.size(); l++) {
            PolicySpec.Layer L = layers.get(l);
            double[] out = new double[L.out()];
            for (int o = 0; o < L.out(); o++) {
                double s = w[L.biasOffset() + o];
                for (int i = 0; i < L.in(); i++) s += w[L.weightOffset() + o * L.in() + i] * in[i];
                boolean hidden = l < layers.size() - 1;
                out[o] = !hidden ? s : spec.activation() == PolicySpec.Activation.TANH ? Math.tanh(s) : Math.max(0, s);
            }
            in = out;
        }
        return in;
    }

    double loss(double[] w, float[][] obs, float[][] actions, float[] oldLogProb, float[] adv, float[] returns,
            float[] values, float[][] z) {
        int n = obs.length;
        int ad = spec.actionDim();
        double[] advN = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) mean += adv[i];
        mean /= n;
        double ss = 0;
        for (int i = 0; i < n; i++) ss += (adv[i] - mean) * (adv[i] - mean);
        double std = Math.sqrt(ss / (n - 1));
        for (int i = 0; i < n; i++) advN[i] = hp.normAdv() ? (adv[i] - mean) / (std + 1e-8) : adv[i];
        double pg = 0;
        double vl = 0;
        double ent = 0;
        for (int i = 0; i < n; i++) {
            double[] x = new double[obs[i].length];
            for (int k = 0; k < x.length; k++) x[k] = obs[i][k];
            double[] mu = mlp(w, spec.actorLayers(), x);
            double lp = 0;
            double e = 0;
            for (int j = 0; j < ad; j++) {
                double logStd = w[spec.logStdOffset() + j];
                double s = Math.exp(logStd);
                double m = mu[j] + z[i][j];
                lp += -((actions[i][j] - m) * (actions[i][j] - m)) / (2 * s * s) - logStd - Math.log(Math.sqrt(2 * Math.PI));
                e += 0.5 + 0.5 * Math.log(2 * Math.PI) + logStd;
            }
            ent += e;
            double ratio = Math.exp(lp - oldLogProb[i]);
            double c = hp.clipCoef();
            pg += Math.max(-advN[i] * ratio, -advN[i] * Math.min(Math.max(ratio, 1 - c), 1 + c));
            double v = mlp(w, spec.criticLayers(), x)[0];
            if (hp.clipVloss()) {
                double un = (v - returns[i]) * (v - returns[i]);
                double vc = values[i] + Math.min(Math.max(v - values[i], -c), c);
                double cl = (vc - returns[i]) * (vc - returns[i]);
                vl += Math.max(un, cl);
            } else {
                vl += (v - returns[i]) * (v - returns[i]);
            }
        }
        pg /= n;
        vl = 0.5 * vl / n;
        ent /= n;
        return pg - hp.entCoef() * ent + vl * hp.vfCoef();
    }
}
