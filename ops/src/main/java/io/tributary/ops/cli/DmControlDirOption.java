package io.tributary.ops.cli;

import io.tributary.envs.dmc.DmControlInstallation;
import picocli.CommandLine.Option;

/**
 * {@code --dm-control-dir DIR}: where the dog tasks find the suite's dog.xml and meshes, which we do not ship. Set as
 * the system property the envs module reads, so that actor processes this one spawns are given it too.
 */
final class DmControlDirOption {

    @Option(names = "--dm-control-dir", paramLabel = "DIR", description = "a dm_control installation's package directory"
            + " (holding suite/dog.xml), for the dog tasks; default: $" + DmControlInstallation.ENV
            + ", else python3's dm_control")
    void dmControlDir(String dir) {
        System.setProperty(DmControlInstallation.PROPERTY, dir);
    }
}
