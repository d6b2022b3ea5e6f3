package io.tributary.ops.launch.ssh;

import java.nio.file.Path;

/**
 * The options of {@code launch --on ssh} beyond the hosts file.
 *
 * @param config   the ssh client's configuration file ({@code ssh -F}); null: its own (~/.ssh/config, /etc/ssh/ssh_config)
 * @param identity the private key ({@code ssh -i}); null: the configuration's or the agent's
 * @param copy     copy this installation (a bundle) to the hosts that lack it, at the same path
 * @param resume   continue the run in this directory from its newest checkpoint; null: a fresh run
 */
public record SshOptions(Path config, Path identity, boolean copy, Path resume) {

    public static final SshOptions DEFAULTS = new SshOptions(null, null, false, null);
}
