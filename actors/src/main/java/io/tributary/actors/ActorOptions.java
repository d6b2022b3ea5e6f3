package io.tributary.actors;

import io.tributary.protocol.PolicySpec;
import io.tributary.transport.TransportConfig;
import io.tributary.transport.options.OptionValues;
import io.tributary.transport.options.TransportOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The actor process's command line ({@code ActorMain --env ... --envs 8 --steps 256 --transport ...}), parsed by
 * picocli with the project's one rule for values ({@link OptionValues}); each default is written here once.
 */
@Command(name = "actor", sortOptions = false, showDefaultValues = true, description = "An actor process: steps environment copies and streams trajectory fragments to the learner.")
final class ActorOptions {

    @Option(names = "--env", defaultValue = "Pendulum-v1", description = "environment id")
    String env;

    @Option(names = "--envs", defaultValue = "8", converter = OptionValues.Positive.class,
            description = "environment copies in this actor")
    int envs;

    @Option(names = "--steps", defaultValue = "256", converter = OptionValues.Positive.class,
            description = "steps per fragment T")
    int steps;

    @Option(names = "--hidden", defaultValue = "64,64", split = ",", description = "hidden layer sizes; must match the learner")
    int[] hidden;

    @Option(names = "--activation", defaultValue = "tanh", description = "tanh or relu; must match the learner")
    PolicySpec.Activation activation;

    @Option(names = "--rollout-perturb-alpha", defaultValue = "0", converter = OptionValues.NonNegative.class,
            description = "RPO perturbed-mean sampling in the rollout, >= 0")
    double rolloutPerturbAlpha;

    @Option(names = "--seed", defaultValue = "1", description = "fallback seed; the learner's assign overrides it")
    long seed;

    @Option(names = "--parent-pid", defaultValue = "-1", description = "exit when this pid is gone, -1 for none")
    long parentPid;

    @Option(names = "--learner-timeout-ms", defaultValue = "60000", description = "exit after this long without a new version")
    long learnerTimeoutMs;

    @Option(names = "--embedded-driver", arity = "1", paramLabel = "true|false",
            description = "run a media driver in this process (a remote actor); default: true with udp, false with ipc (then --aeron-dir is the learner's)")
    Boolean embeddedDriver;

    @Option(names = "--threads", defaultValue = "1", converter = OptionValues.Positive.class,
            description = "rollout threads, dividing --envs")
    int threads;

    @Option(names = "--run-id", defaultValue = "0", description = "the run to join (hexadecimal, as the learner prints it); 0: the run whose learner assigns this actor")
    String runId;

    @Option(names = "--actor-id", defaultValue = "-1", description = "the actor id to ask the learner for; -1: any free one")
    int actorId;

    @Option(names = "--variance-mlp-sd-low-limit", defaultValue = "0", converter = OptionValues.NonNegative.class,
            description = "PPO-CMA's policy layout (a variance MLP, soft clips into the env's action bounds) with this sd low limit; 0: the log_std layout; must match the learner")
    double varianceMlpSdLowLimit;

    @Mixin
    TransportOptions transport = new TransportOptions();

    @Mixin
    io.tributary.transport.cluster.ClusterOptions cluster = new io.tributary.transport.cluster.ClusterOptions();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show these options")
    boolean help;

    static CommandLine commandLine(ActorOptions o) {
        return OptionValues.install(new CommandLine(o), PolicySpec.Activation.class, TransportConfig.Mode.class);
    }

    /** Parses {@code args}; a bad one is an {@link IllegalArgumentException} that names the option and what it allows. */
    static ActorOptions parse(String[] args) {
        ActorOptions o = new ActorOptions();
        CommandLine cl = commandLine(o);
        try {
            cl.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            throw new IllegalArgumentException("unknown option '" + e.getUnmatched().get(0) + "'; options are "
                    + OptionValues.optionList(cl.getCommandSpec()), e);
        } catch (CommandLine.MissingParameterException e) {
            throw new IllegalArgumentException("option '" + OptionValues.optionName(e) + "' needs a value", e);
        } catch (CommandLine.OverwrittenOptionException e) {
            throw new IllegalArgumentException("option '" + OptionValues.optionName(e) + "' given twice", e);
        } catch (ParameterException e) {
            String name = OptionValues.optionName(e);
            throw new IllegalArgumentException((name == null ? "" : name + " ") + OptionValues.problem(e), e);
        }
        return o;
    }

    ActorConfig toConfig() {
        TransportConfig t = transport.toConfig();
        boolean embedded = embeddedDriver != null ? embeddedDriver : t.mode() == TransportConfig.Mode.UDP;
        long run;
        try {
            run = io.tributary.protocol.RunId.parse(runId);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--run-id must be a hexadecimal run id (up to 16 digits), was '" + runId + "'");
        }
        if (actorId < -1) throw new IllegalArgumentException("--actor-id must be >= -1, was '" + actorId + "'");
        return new ActorConfig(env, envs, steps, hidden, activation, rolloutPerturbAlpha, seed, parentPid, learnerTimeoutMs,
                embedded, t, threads, run, actorId, varianceMlpSdLowLimit, cluster.toConfig());
    }

    static ActorOptions of(ActorConfig c) {
        ActorOptions o = new ActorOptions();
        o.env = c.envId();
        o.envs = c.numEnvs();
        o.steps = c.steps();
        o.hidden = c.hidden().clone();
        o.activation = c.activation();
        o.rolloutPerturbAlpha = c.rolloutPerturbAlpha();
        o.seed = c.seed();
        o.parentPid = c.parentPid();
        o.learnerTimeoutMs = c.learnerTimeoutMs();
        o.embeddedDriver = c.embeddedDriver();
        o.threads = c.threads();
        o.runId = io.tributary.protocol.RunId.hex(c.runId());
        o.actorId = c.actorId();
        o.varianceMlpSdLowLimit = c.varianceMlpSdLowLimit();
        o.transport = TransportOptions.of(c.transport());
        o.cluster = io.tributary.transport.cluster.ClusterOptions.of(c.cluster());
        return o;
    }
}
