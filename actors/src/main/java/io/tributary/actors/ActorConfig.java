package io.tributary.actors;

import io.tributary.transport.TransportConfig;
import io.tributary.protocol.PolicySpec;
import io.tributary.transport.options.OptionValues;

/**
 * What one actor process runs: the environment, how many copies, the fragment length, the network it must agree
 * on with the learner, and where the learner is ({@link TransportConfig}). Read from {@code --key value}
 * arguments ({@link ActorOptions}) so that an actor can be started by hand on another machine.
 *
 * @param rolloutPerturbAlpha RPO perturbed-mean sampling in the rollout (0: plain Gaussian sampling)
 * @param parentPid           exit when this process is gone (-1: none); how a spawned actor never outlives its learner
 * @param learnerTimeoutMs    exit when no new weights version arrives for this long
 * @param threads             rollout threads; each steps envs / threads of the copies (must divide envs)
 * @param runId               the run this actor belongs to (0: learn it from the learner's assignment)
 * @param actorId             the actor id to ask the learner for (-1: any); a spawned actor asks for its spawn index,
 *                            so that {@code actor-i.log} is actor i's
 * @param cluster           Pekko Cluster membership: join the learner's node on {@code learner-host:cluster.port()}
 * @param varianceMlpSdLowLimit PPO-CMA's variance-MLP policy layout with this {@code minSigma} and the env's action
 *                            bounds ({@link PolicySpec.VarianceMlp}); 0: the state-independent {@code log_std} layout
 */
public record ActorConfig(String envId, int numEnvs, int steps, int[] hidden, PolicySpec.Activation activation,
        double rolloutPerturbAlpha, long seed, long parentPid, long learnerTimeoutMs, boolean embeddedDriver,
        TransportConfig transport, int threads, long runId, int actorId, double varianceMlpSdLowLimit,
        io.tributary.transport.cluster.ClusterConfig cluster) {

    /** Without the cluster. */
    public ActorConfig(String envId, int numEnvs, int steps, int[] hidden, PolicySpec.Activation activation,
            double rolloutPerturbAlpha, long seed, long parentPid, long learnerTimeoutMs, boolean embeddedDriver,
            TransportConfig transport, int threads, long runId, int actorId, double varianceMlpSdLowLimit) {
        this(envId, numEnvs, steps, hidden, activation, rolloutPerturbAlpha, seed, parentPid, learnerTimeoutMs, embeddedDriver,
                transport, threads, runId, actorId, varianceMlpSdLowLimit, io.tributary.transport.cluster.ClusterConfig.OFF);
    }

    public ActorConfig {
        if (cluster == null) cluster = io.tributary.transport.cluster.ClusterConfig.OFF;
        if (threads < 1 || numEnvs % threads != 0) {
            throw new IllegalArgumentException("--threads must be >= 1 and divide --envs (" + numEnvs + "), was " + threads);
        }
    }

    /** The network this actor must agree on with the learner, for an env of these sizes and action bounds. */
    public PolicySpec policySpec(int observationDim, double[] actionLow, double[] actionHigh) {
        PolicySpec.VarianceMlp vm = varianceMlpSdLowLimit > 0
                ? new PolicySpec.VarianceMlp(actionLow, actionHigh, varianceMlpSdLowLimit) : null;
        return new PolicySpec(observationDim, actionLow.length, hidden, hidden, activation, vm);
    }

    /** Reads {@code --key value} arguments ({@link ActorOptions}); a bad one is an error naming the option and what it allows. */
    public static ActorConfig fromArgs(String[] args) {
        return ActorOptions.parse(args).toConfig();
    }

    /** The options and their defaults, for {@code --help}. */
    public static String usage() {
        return ActorOptions.commandLine(new ActorOptions()).getUsageMessage();
    }

    /** The arguments that recreate this configuration (what ops' ActorProcesses passes). */
    public String[] toArgs() {
        ActorOptions o = ActorOptions.of(this);
        return OptionValues.toArgs(ActorOptions.commandLine(o).getCommandSpec());
    }
}
