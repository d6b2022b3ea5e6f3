package io.tributary.learner.bench;

import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.nn.OrthogonalInit;
import io.tributary.protocol.PolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The benchmark's baseline: one PPO/RPO minibatch update written the obvious way, as plain {@code INDArray} ops
 * ({@code mmul}, {@code addRowVector}, {@code Transforms.tanh}, ...), tanh networks only. Each op is a native call
 * with its own overhead; this is what the fused path in {@code ActorCriticNet}/{@code Ppo} avoids.
 */
final class Nd4jOpsUpdate {

    private final PolicySpec spec;
    private final Hyperparameters hp;
    private final List<INDArray> aw = new ArrayList<>();
    private final List<INDArray> ab = new ArrayList<>();
    private final List<INDArray> cw = new ArrayList<>();
    private final List<INDArray> cb = new ArrayList<>();
    private final INDArray logStd;
    private final List<INDArray> params = new ArrayList<>();
    private final List<INDArray> initial = new ArrayList<>();
    private final List<INDArray> m = new ArrayList<>();
    private final List<INDArray> v = new ArrayList<>();
    private final INDArray obs;
    private final INDArray actions;
    private final INDArray oldLogProb;
    private final INDArray adv;
    private final INDArray returns;
    private final INDArray values;
    private final RandomGenerator rng;
    private int t;

    Nd4jOpsUpdate(PolicySpec spec, Hyperparameters hp, int rows, RandomGenerator rng) {
        this.spec = spec;
        this.hp = hp;
        this.rng = rng;
        float[] w = OrthogonalInit.init(spec, rng);
        for (PolicySpec.Layer l : spec.actorLayers()) {
            aw.add(slice(w, l.weightOffset(), l.out(), l.in()));
            ab.add(slice(w, l.biasOffset(), 1, l.out()));
        }
        logStd = slice(w, spec.logStdOffset(), 1, spec.actionDim());
        for (PolicySpec.Layer l : spec.criticLayers()) {
            cw.add(slice(w, l.weightOffset(), l.out(), l.in()));
            cb.add(slice(w, l.biasOffset(), 1, l.out()));
        }
        params.addAll(aw);
        params.addAll(ab);
        params.add(logStd);
        params.addAll(cw);
        params.addAll(cb);
        for (INDArray p : params) initial.add(p.dup());
        for (INDArray p : params) {
            m.add(Nd4j.zeros(DataType.FLOAT, p.shape()));
            v.add(Nd4j.zeros(DataType.FLOAT, p.shape()));
        }
        obs = Nd4j.randn(DataType.FLOAT, rows, spec.observationDim());
        actions = Nd4j.randn(DataType.FLOAT, rows, spec.actionDim());
        oldLogProb = Nd4j.randn(DataType.FLOAT, rows, 1).muli(0.1).subi(6 * 1.4);
        adv = Nd4j.randn(DataType.FLOAT, rows, 1);
        returns = Nd4j.randn(DataType.FLOAT, rows, 1);
        values = Nd4j.randn(DataType.FLOAT, rows, 1);
    }

    private static INDArray slice(float[] w, int off, int r, int c) {
        float[] a = new float[r * c];
        System.arraycopy(w, off, a, 0, a.length);
        return Nd4j.create(a, new long[] {r, c}, 'c');
    }

    void step() {
        // re-based every 320 updates like the fused path (see UpdateBench)
        if (t > 0 && t % 320 == 0) {
            for (int i = 0; i < params.size(); i++) params.get(i).assign(initial.get(i));
        }
        int rows = (int) obs.rows();
        double clip = hp.clipCoef();
        // forward
        List<INDArray> ah = new ArrayList<>();
        INDArray x = obs;
        ah.add(x);
        for (int l = 0; l < aw.size(); l++) {
            INDArray y = x.mmul(aw.get(l).transpose()).addRowVector(ab.get(l));
            x = l < aw.size() - 1 ? Transforms.tanh(y) : y;
            ah.add(x);
        }
        INDArray mean = x;
        List<INDArray> ch = new ArrayList<>();
        x = obs;
        ch.add(x);
        for (int l = 0; l < cw.size(); l++) {
            INDArray y = x.mmul(cw.get(l).transpose()).addRowVector(cb.get(l));
            x = l < cw.size() - 1 ? Transforms.tanh(y) : y;
            ch.add(x);
        }
        INDArray newValue = x;
        INDArray z = Nd4j.rand(DataType.FLOAT, mean.shape()).muli(2 * hp.rpoAlpha()).subi(hp.rpoAlpha());
        INDArray std = Transforms.exp(logStd);
        INDArray d = actions.sub(mean.add(z)).divRowVector(std);
        INDArray newLogProb = d.mul(d).muli(-0.5).subRowVector(logStd).subi(0.5 * Math.log(2 * Math.PI)).sum(true, 1);
        INDArray logratio = newLogProb.sub(oldLogProb);
        INDArray ratio = Transforms.exp(logratio);
        INDArray a = adv.sub(adv.meanNumber()).divi(adv.stdNumber().doubleValue() + 1e-8);
        INDArray clamped = Transforms.min(Transforms.max(ratio, 1 - clip), 1 + clip);
        INDArray pg1 = a.neg().muli(ratio);
        INDArray pg2 = a.neg().muli(clamped);
        INDArray pick1 = Transforms.step(pg1.sub(pg2));
        INDArray inside = ratio.gte(1 - clip).castTo(DataType.FLOAT).muli(ratio.lte(1 + clip).castTo(DataType.FLOAT));
        INDArray dRatio = a.neg().muli(pick1.add(pick1.rsub(1).muli(inside)));
        INDArray dLogProb = dRatio.muli(ratio).divi(rows);
        INDArray dMean = d.divRowVector(std).muliColumnVector(dLogProb);
        INDArray dLogStd = d.mul(d).subi(1).muliColumnVector(dLogProb).sum(true, 0).subi(hp.entCoef());
        INDArray vDiff = newValue.sub(values);
        INDArray vClipped = values.add(Transforms.min(Transforms.max(vDiff, -clip), clip));
        INDArray un = newValue.sub(returns);
        INDArray cl = vClipped.sub(returns);
        INDArray pickU = Transforms.step(un.mul(un).subi(cl.mul(cl)));
        INDArray pass = Transforms.abs(vDiff).lte(clip).castTo(DataType.FLOAT);
        INDArray dValue = un.mul(pickU).addi(cl.mul(pass).muli(pickU.rsub(1))).muli(hp.vfCoef() / rows);
        // backward
        List<INDArray> grads = new ArrayList<>();
        List<INDArray> gaw = backward(aw, ah, dMean);
        List<INDArray> gab = biasGrads;
        List<INDArray> gcw = backward(cw, ch, dValue);
        List<INDArray> gcb = biasGrads;
        grads.addAll(gaw);
        grads.addAll(gab);
        grads.add(dLogStd);
        grads.addAll(gcw);
        grads.addAll(gcb);
        // clip_grad_norm_ and Adam
        double sq = 0;
        for (INDArray g : grads) sq += g.norm2Number().doubleValue() * g.norm2Number().doubleValue();
        double coef = hp.maxGradNorm() / (Math.sqrt(sq) + 1e-6);
        t++;
        double bc1 = 1 - Math.pow(0.9, t);
        double bc2 = 1 - Math.pow(0.999, t);
        for (int i = 0; i < params.size(); i++) {
            INDArray g = coef < 1 ? grads.get(i).mul(coef) : grads.get(i);
            m.get(i).muli(0.9).addi(g.mul(0.1));
            v.get(i).muli(0.999).addi(g.mul(g).muli(0.001));
            INDArray denom = Transforms.sqrt(v.get(i)).divi(Math.sqrt(bc2)).addi(hp.adamEps());
            params.get(i).subi(m.get(i).div(denom).muli(hp.learningRate() / bc1));
        }
    }

    private List<INDArray> biasGrads;

    private List<INDArray> backward(List<INDArray> w, List<INDArray> h, INDArray delta) {
        int n = w.size();
        INDArray[] gw = new INDArray[n];
        INDArray[] gb = new INDArray[n];
        for (int l = n - 1; l >= 0; l--) {
            gw[l] = delta.transpose().mmul(h.get(l));
            gb[l] = delta.sum(true, 0);
            if (l > 0) {
                INDArray y = h.get(l);
                delta = delta.mmul(w.get(l)).muli(y.mul(y).rsubi(1));
            }
        }
        biasGrads = List.of(gb);
        return List.of(gw);
    }
}
