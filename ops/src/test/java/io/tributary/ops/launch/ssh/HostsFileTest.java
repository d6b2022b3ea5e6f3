package io.tributary.ops.launch.ssh;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsFileTest {

    @TempDir
    Path tmp;

    @Test
    void hostsWithUsersPortsAndIpv6AreReadInOrderSkippingCommentsAndBlankLines() throws Exception {
        Path f = tmp.resolve("hosts");
        Files.writeString(f, "# the learner first\nhead\n\n  alice@node-1.example.org:2222   # two actors here\n"
                + "root@10.0.0.12\n[2001:db8::7]:22\nbob@[fe80::1%eth0]\n");
        List<SshHost> hosts = HostsFile.read(f);
        assertEquals(List.of(new SshHost(null, "head", 0, 2), new SshHost("alice", "node-1.example.org", 2222, 4),
                new SshHost("root", "10.0.0.12", 0, 5), new SshHost(null, "2001:db8::7", 22, 6), new SshHost("bob", "fe80::1%eth0", 0, 7)),
                hosts);
        assertEquals("alice@node-1.example.org:2222", hosts.get(1).toString());
        assertEquals("[2001:db8::7]:22", hosts.get(3).toString());
    }

    @Test
    void eachBadLineIsRefusedNamingTheFileTheLineNumberAndTheForm() throws Exception {
        for (String bad : List.of("root@", "node:99999", "node:22:22", "two hosts", "fe80::1", "-oProxyCommand=evil", "@node", "node;rm")) {
            Path f = tmp.resolve("hosts");
            Files.writeString(f, "head\n# comment\n\n" + bad + "\nnode-2\n");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostsFile.read(f), bad);
            assertTrue(e.getMessage().startsWith("--hosts " + f + " line 4: "), e.getMessage());
            assertTrue(e.getMessage().contains(bad.equals("node:99999") ? "must be 1..65535" : "is not [user@]host[:port]"), e.getMessage());
        }
        Path f = tmp.resolve("hosts");
        Files.writeString(f, "head\ntwo hosts\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HostsFile.read(f)).getMessage().endsWith("; one host per line"));
    }

    @Test
    void aFileWithFewerThanTwoHostsOrNoFileIsRefusedSayingWhatIsNeeded() throws Exception {
        Path f = tmp.resolve("hosts");
        Files.writeString(f, "# only the learner\nhead\n");
        String m = assertThrows(IllegalArgumentException.class, () -> HostsFile.read(f)).getMessage();
        assertTrue(m.contains("1 host(s)") && m.contains("at least two lines") && m.contains("list a host twice"), m);
        m = assertThrows(IllegalArgumentException.class, () -> HostsFile.read(tmp.resolve("absent"))).getMessage();
        assertEquals("--hosts " + tmp.resolve("absent") + ": no such file", m);
    }
}
