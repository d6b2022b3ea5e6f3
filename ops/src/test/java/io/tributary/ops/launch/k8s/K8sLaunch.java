package io.tributary.ops.launch.k8s;

import io.tributary.ops.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Runs {@code tributary launch --on k8s} in this JVM and reads back what it wrote, with SnakeYAML. */
final class K8sLaunch {

    record Result(int code, String out, String err, Path dir) {
        /** Every document of every file written, in apply order. */
        List<Map<String, Object>> objects() throws IOException {
            List<Map<String, Object>> all = new ArrayList<>();
            for (Path f : files()) all.addAll(read(f));
            return all;
        }

        List<Path> files() throws IOException {
            try (Stream<Path> s = Files.list(dir)) {
                return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            }
        }

        /** The one object of {@code kind}. */
        Map<String, Object> one(String kind) throws IOException {
            List<Map<String, Object>> found = objects().stream().filter(o -> kind.equals(o.get("kind"))).toList();
            if (found.size() != 1) throw new AssertionError("expected one " + kind + ", found " + found.size() + " in " + dir);
            return found.get(0);
        }
    }

    private K8sLaunch() {
    }

    /** {@code tributary ARGS} in this JVM. */
    static Result tributary(Path dir, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), dir);
    }

    /** Writes {@code job} as {@code dir/NAME.conf} and launches it on k8s with --submit false, manifests into dir/out. */
    static Result launch(Path dir, String name, String job) throws IOException {
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, job);
        Path out = dir.resolve("out-" + name);
        return tributary(out, "launch", "--on", "k8s", "--job", file.toString(), "--out", out.toString(), "--submit", "false");
    }

    /** Every document of a YAML file, each a map (what kubectl would read). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> read(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
            if (!(doc instanceof Map<?, ?>)) throw new AssertionError(file + ": a document is not a mapping: " + doc);
            docs.add((Map<String, Object>) doc);
        }
        return docs;
    }

    /** The value at a path of map keys and list indexes. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object tree, Object... path) {
        Object o = tree;
        for (Object step : path) {
            if (o == null) throw new AssertionError("no " + step + " (path " + List.of(path) + ")");
            o = step instanceof Integer i ? ((List<Object>) o).get(i) : ((Map<String, Object>) o).get((String) step);
        }
        return (T) o;
    }
}
