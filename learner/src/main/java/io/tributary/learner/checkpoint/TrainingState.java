package io.tributary.learner.checkpoint;

import io.tributary.learner.algo.AlgorithmState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a checkpoint holds: everything the learner's future depends on. {@link TrainingStateCodec} writes and reads
 * it. Arrays are held as given (the learner hands over copies); equality is by content of the encoding
 * ({@link TrainingStateCodec#encode}), not by this record's {@code equals}.
 *
 * @param algorithm     the registry name of the algorithm ({@code ppo}, {@code rpo}, ...)
 * @param specHash      {@link io.tributary.protocol.PolicySpec#hash()} of the network the parameters belong to
 * @param hyperparameters {@link io.tributary.learner.algo.Hyperparameters#asMap()} of the run: a restore into a
 *                      learner configured otherwise is refused (the schedule and the batch shapes depend on them)
 * @param version       the policy version the next batch is collected with
 * @param iteration     updates done: the learning-rate schedule's position
 * @param globalStep    environment steps consumed by those updates
 * @param parameters    the flat parameter vector (PolicySpec's layout)
 * @param algorithmState the algorithm's optimizer and random-generator states
 * @param normalization the learner-owned normalization statistics (observation moments, the return statistic and
 *                      every copy's return tracker); null when the learner does not own them (CleanRL mode: the
 *                      rollout worker's {@code RunningNormalization.state()} holds them there)
 */
public record TrainingState(String algorithm, long specHash, Map<String, String> hyperparameters, long version, int iteration, long globalStep,
        float[] parameters, AlgorithmState algorithmState, NormalizationState normalization) {

    public TrainingState {
        if (algorithm == null || algorithm.isEmpty()) throw new IllegalArgumentException("algorithm name is empty");
        hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
        if (version < 0 || iteration < 0 || globalStep < 0) {
            throw new IllegalArgumentException("version, iteration and global step must be >= 0, were " + version
                    + ", " + iteration + ", " + globalStep);
        }
    }
}
