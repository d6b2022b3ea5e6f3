package io.tributary.ops.export;

import io.tributary.envs.Box;
import io.tributary.ops.eval.TrainedPolicy;
import io.tributary.policy.norm.Normalization;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A trained policy as safetensors, under CleanRL's {@code state_dict} names so that a CleanRL {@code Agent} loads
 * the actor with {@code strict=False}: {@code actor_mean.<2l>.weight} {@code [out, in]} and {@code .bias} (F32; the
 * indices of {@code nn.Sequential} with an activation between the layers), {@code actor_logstd} {@code [1, act]}
 * (F32); then what the policy needs around it, F64: {@code obs_rms.mean}, {@code obs_rms.var} {@code [obs]},
 * {@code obs_rms.count} {@code []}, {@code obs_clip} {@code []} (10), {@code action_space.low}/{@code .high}
 * {@code [act]}. Metadata (strings): format, env_id, algo, version, activation, actor_layers, policy_spec,
 * policy_spec_hash, obs_epsilon (1e-8 inside the square root). Deterministic action:
 * {@code clip(MLP(float32(clip((obs - mean) / sqrt(var + eps), -obs_clip, obs_clip))), low, high)}.
 */
public final class PolicyExport {

    public static final String FORMAT = "tributary-gaussian-policy-1";

    private PolicyExport() {}

    public static SafetensorsWriter safetensors(TrainedPolicy p, Box actionSpace) {
        PolicyVersion v = p.version();
        PolicySpec spec = v.spec;
        SafetensorsWriter w = new SafetensorsWriter();
        List<PolicySpec.Layer> layers = spec.actorLayers();
        for (int l = 0; l < layers.size(); l++) {
            PolicySpec.Layer layer = layers.get(l);
            w.f32("actor_mean." + 2 * l + ".weight", Arrays.copyOfRange(v.weights, layer.weightOffset(), layer.biasOffset()),
                    layer.out(), layer.in());
            w.f32("actor_mean." + 2 * l + ".bias", Arrays.copyOfRange(v.weights, layer.biasOffset(), layer.biasOffset() + layer.out()),
                    layer.out());
        }
        w.f32("actor_logstd", Arrays.copyOfRange(v.weights, spec.logStdOffset(), spec.logStdOffset() + spec.actionDim()), 1,
                spec.actionDim());
        w.f64("obs_rms.mean", v.obsMean, spec.observationDim());
        w.f64("obs_rms.var", v.obsVar, spec.observationDim());
        w.f64("obs_rms.count", new double[] {v.obsCount});
        w.f64("obs_clip", new double[] {Normalization.CLIP});
        w.f64("action_space.low", actionSpace.low(), actionSpace.size());
        w.f64("action_space.high", actionSpace.high(), actionSpace.size());
        return w.metadata("format", FORMAT)
                .metadata("env_id", p.hp().envId())
                .metadata("algo", p.hp().algo())
                .metadata("version", Long.toString(v.version))
                .metadata("activation", spec.activation().name().toLowerCase(Locale.ROOT))
                .metadata("actor_layers", Integer.toString(layers.size()))
                .metadata("policy_spec", spec.canonical())
                .metadata("policy_spec_hash", Long.toHexString(spec.hash()))
                .metadata("obs_epsilon", Double.toString(Normalization.EPSILON))
                .metadata("source", p.source().getFileName().toString());
    }
}
