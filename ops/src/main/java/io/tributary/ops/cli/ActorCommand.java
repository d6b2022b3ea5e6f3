package io.tributary.ops.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code actor [options]}: an actor process started by hand (on another host), {@code io.tributary.actors.ActorMain}'s options. */
@Command(name = "actor", description = "start an actor process by hand (options: 'tributary actor --help')")
final class ActorCommand implements Callable<Integer> {

    @Unmatched
    List<String> args = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        io.tributary.actors.ActorMain.main(args.toArray(String[]::new)); // exits the JVM with the actor's code
        return 0;
    }
}
