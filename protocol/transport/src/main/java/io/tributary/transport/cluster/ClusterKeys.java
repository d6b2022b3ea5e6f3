package io.tributary.transport.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The cluster's credentials in one directory (PKCS12, made with the JDK's keytool): a CA ({@code ca.p12}: keep it
 * off the nodes), the CA's certificate as the truststore ({@code truststore.p12}), the learner's and the actors' key
 * pairs signed by the CA ({@code learner.p12}, {@code actor.p12}) and the one password of these stores
 * ({@code password}, mode 600). A node presents its role's key pair and trusts only certificates the CA signed;
 * rotating is writing a new directory and restarting with it.
 */
public final class ClusterKeys {

    public static final String TRUSTSTORE = "truststore.p12";
    public static final String PASSWORD = "password";
    private static final String CA = "ca.p12";

    private ClusterKeys() {
    }

    /** The key store of {@code role} ("learner" or "actor") in {@code dir}. */
    public static Path keyStore(Path dir, String role) {
        return dir.resolve(role + ".p12");
    }

    public static String password(Path dir) throws IOException {
        return Files.readString(dir.resolve(PASSWORD), StandardCharsets.UTF_8).trim();
    }

    /** Writes a fresh CA, the learner's and the actors' key pairs and the truststore into {@code dir} (created; must hold no keys). */
    public static void generate(Path dir, int validityDays) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        for (String f : List.of(CA, TRUSTSTORE, "learner.p12", "actor.p12", PASSWORD)) {
            if (Files.exists(dir.resolve(f))) throw new IOException(dir.resolve(f) + " exists: write new keys into an empty directory");
        }
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        String pw = HexFormat.of().formatHex(b);
        Path pwFile = dir.resolve(PASSWORD);
        Files.writeString(pwFile, pw + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the directory's own permissions protect it
        }
        String validity = Integer.toString(validityDays);
        keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=tributary-ca",
                "-ext", "bc:c", "-validity", validity, "-keystore", CA, "-storetype", "PKCS12", "-storepass", pw);
        keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", CA, "-storepass", pw, "-file", "ca.pem");
        keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", TRUSTSTORE, "-storetype", "PKCS12",
                "-storepass", pw);
        for (String role : List.of("learner", "actor")) {
            String ks = role + ".p12";
            keytool(dir, "-genkeypair", "-alias", role, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=tributary-" + role,
                    "-validity", validity, "-keystore", ks, "-storetype", "PKCS12", "-storepass", pw);
            keytool(dir, "-certreq", "-alias", role, "-keystore", ks, "-storepass", pw, "-file", role + ".csr");
            keytool(dir, "-gencert", "-rfc", "-alias", "ca", "-keystore", CA, "-storepass", pw, "-infile", role + ".csr",
                    "-outfile", role + ".pem", "-validity", validity, "-ext", "KU=digitalSignature,keyEncipherment",
                    "-ext", "EKU=serverAuth,clientAuth");
            keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", ks, "-storepass", pw);
            keytool(dir, "-importcert", "-noprompt", "-alias", role, "-file", role + ".pem", "-keystore", ks, "-storepass", pw);
            Files.delete(dir.resolve(role + ".csr"));
            Files.delete(dir.resolve(role + ".pem"));
        }
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("keytool " + args[0] + " failed: " + out.trim());
    }
}
