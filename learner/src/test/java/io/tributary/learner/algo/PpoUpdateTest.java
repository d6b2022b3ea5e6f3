package io.tributary.learner.algo;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.learner.nn.OrthogonalInit;
import io.tributary.protocol.PolicySpec;
import java.util.SplittableRandom;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** The update loop around the loss: learning-rate annealing, target-KL early stop, logged statistics. */
class PpoUpdateTest {

    private static RolloutBatch batch(PolicySpec spec, int rows) {
        RolloutBatch b = new RolloutBatch(rows, spec.observationDim(), spec.actionDim());
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < b.obs.length; i++) b.obs[i] = (float) r.nextGaussian();
        for (int i = 0; i < b.actions.length; i++) b.actions[i] = (float) r.nextGaussian();
        for (int i = 0; i < rows; i++) {
            b.logProbs[i] = (float) (-1.42 * spec.actionDim() - 0.5 * spec.actionDim() * r.nextDouble());
            b.advantages[i] = (float) r.nextGaussian();
            b.values[i] = (float) r.nextGaussian();
            b.returns[i] = b.values[i] + b.advantages[i];
        }
        return b;
    }

    private static Ppo ppo(Hyperparameters hp, PolicySpec spec) {
        ActorCriticNet net = new ActorCriticNet(spec);
        net.setParams(OrthogonalInit.init(spec, RandomGeneratorFactory.of("L64X128MixRandom").create(1)));
        return new Ppo(hp, net, RandomGeneratorFactory.of("L64X128MixRandom").create(2));
    }

    @Test
    void learningRateIsAnnealedLinearlyFromTheFirstIteration() {
        PolicySpec spec = PolicySpec.cleanRl(3, 1);
        Hyperparameters hp = Hyperparameters.rpo("x").with("num-steps", "256").with("num-minibatches", "4")
                .with("update-epochs", "1").with("total-timesteps", "2560");
        Ppo p = ppo(hp, spec);
        assertEquals(3e-4, p.update(batch(spec, 256), 1).learningRate(), 1e-12);
        assertEquals(3e-4 * 0.5, p.update(batch(spec, 256), 6).learningRate(), 1e-12);
        assertEquals(3e-4 * 0.1, p.update(batch(spec, 256), 10).learningRate(), 1e-12);
        Hyperparameters fixed = hp.with("anneal-lr", "false");
        assertEquals(3e-4, ppo(fixed, spec).update(batch(spec, 256), 10).learningRate(), 1e-12);
    }

    @Test
    void targetKlStopsAfterTheEpochThatExceedsIt() {
        PolicySpec spec = PolicySpec.cleanRl(3, 1);
        Hyperparameters hp = Hyperparameters.rpo("x").with("num-steps", "256").with("num-minibatches", "4");
        PpoStats all = ppo(hp, spec).update(batch(spec, 256), 1);
        assertEquals(10, all.epochs());
        PpoStats stopped = ppo(hp.with("target-kl", "1e-9"), spec).update(batch(spec, 256), 1);
        assertEquals(1, stopped.epochs());
        assertTrue(stopped.approxKl() > 1e-9);
        for (double v : new double[] {all.valueLoss(), all.policyLoss(), all.entropy(), all.approxKl(),
                all.oldApproxKl(), all.clipfrac(), all.explainedVariance()}) {
            assertTrue(Double.isFinite(v), "finite statistics: " + all);
        }
        assertTrue(all.clipfrac() >= 0 && all.clipfrac() <= 1);
    }

    @Test
    void updatesMoveTheValueTowardTheReturns() {
        PolicySpec spec = PolicySpec.cleanRl(3, 1);
        Hyperparameters hp = Hyperparameters.ppo("x").with("num-steps", "256").with("num-minibatches", "4")
                .with("clip-vloss", "false").with("learning-rate", "1e-3");
        Ppo p = ppo(hp, spec);
        RolloutBatch b = batch(spec, 256);
        // a learnable target: returns a smooth function of the observation
        for (int i = 0; i < 256; i++) b.returns[i] = 2f * b.obs[i * 3] - b.obs[i * 3 + 1];
        double first = p.update(b, 1).valueLoss();
        double last = first;
        for (int i = 2; i <= 5; i++) last = p.update(b, i).valueLoss();
        assertTrue(last < 0.5 * first, "value loss " + first + " -> " + last);
    }
}
