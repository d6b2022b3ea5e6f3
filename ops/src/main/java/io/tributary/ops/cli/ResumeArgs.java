package io.tributary.ops.cli;

import io.tributary.ops.launch.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The learner's command line that continues a launched run after a restart (a requeued Slurm job): {@code train
 * --resume RUN_DIR} and those of the plan's options that {@code --resume} takes (how the processes talk and wait, where
 * the run stops, how often it checkpoints, how it is watched); the others are the run's own, in its
 * config.properties. Like {@link Plan#learnerArgs()}, without {@code --learner-host}.
 */
public final class ResumeArgs {

    private ResumeArgs() {
    }

    public static List<String> of(Plan plan) {
        Set<String> kept = TrainCommand.optionsAllowedOnResume(TrainCommand.commandLine(System.out).getCommandSpec(), true);
        List<String> args = new ArrayList<>(List.of("train", "--resume", plan.runDir().toAbsolutePath().toString()));
        List<String> learner = plan.learnerArgs();
        // after "train", the planner writes every option with its value
        for (int i = 1; i + 1 < learner.size(); i += 2) {
            if (kept.contains(learner.get(i))) args.addAll(learner.subList(i, i + 2));
        }
        return args;
    }
}
