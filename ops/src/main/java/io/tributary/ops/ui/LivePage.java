package io.tributary.ops.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.learner.metrics.MetricsSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code --ui-port}: a page that draws the run's curves as they grow, served by the JDK's HTTP server. {@code /} is one
 * self-contained HTML file (inline script and SVG, nothing fetched from elsewhere) that polls {@code /metrics.json}
 * for the rows it has not got yet. As a {@link MetricsSink} it only appends the row to {@link LiveRows} (bounded, in
 * memory); the JSON is rendered on the server's own thread when the page asks, so the training loop never waits
 * for a browser.
 */
public final class LivePage implements MetricsSink {

    /** The rows kept before thinning: 20,000 iterations draw well and cost a few MB. */
    static final int CAPACITY = 20_000;

    /** One actor process as the page shows it: launch index, current pid, alive, how often its pid changed, CPU seconds. */
    public record ActorStatus(int index, long pid, boolean alive, int restarts, double cpuS) {}

    private final LiveRows rows;
    private final HttpServer server;
    private final String runName;
    private final long totalSteps;
    private final Supplier<List<ActorStatus>> actors;
    private volatile boolean finished;
    private final byte[] page;

    /**
     * @param bind       address to listen on (127.0.0.1 unless asked otherwise)
     * @param port       0 for any free port
     * @param runName    shown in the title
     * @param totalSteps where the run stops, for the progress tile
     * @param actors     the actor processes now, or null in the single-process mode
     */
    public LivePage(String bind, int port, String runName, long totalSteps, Supplier<List<ActorStatus>> actors) {
        this(bind, port, runName, totalSteps, actors, CAPACITY);
    }

    LivePage(String bind, int port, String runName, long totalSteps, Supplier<List<ActorStatus>> actors, int capacity) {
        this.rows = new LiveRows(capacity);
        this.runName = runName;
        this.totalSteps = totalSteps;
        this.actors = actors;
        try (InputStream in = LivePage.class.getResourceAsStream("live.html")) {
            page = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("live.html is missing from the classpath", e);
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bind), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the live page on " + bind + ":" + port + " (taken? choose another --ui-port)", e);
        }
        server.createContext("/", this::serve);
        server.start();
    }

    /** The port it listens on (the one chosen when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address, as a browser on this machine reaches it. */
    public String url() {
        InetAddress a = server.getAddress().getAddress();
        String host = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    @Override
    public void record(long globalStep, double wallTimeS, Map<String, Double> scalars) {
        rows.add(globalStep, wallTimeS, scalars);
    }

    /** Marks the run finished (the page says so on its next poll) and stops serving. */
    @Override
    public void close() {
        finished = true;
        server.stop(0);
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                send(ex, 405, "text/plain; charset=utf-8", "GET only\n".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/") || path.equals("/index.html")) {
                send(ex, 200, "text/html; charset=utf-8", page);
            } else if (path.equals("/metrics.json")) {
                Map<String, String> q = query(ex.getRequestURI().getRawQuery());
                long after = number(q.get("after"), -1);
                long generation = number(q.get("generation"), -1);
                send(ex, 200, "application/json", json(rows.since(after, generation)).getBytes(StandardCharsets.UTF_8));
            } else {
                send(ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    /**
     * {@code {"run", "totalSteps", "finished", "generation", "recorded", "full", "tags": [...], "rows": [[seq, step,
     * wall, v0, v1, ...], ...], "actors": [{"index", "pid", "alive", "restarts", "cpuS"}] or null}}; NaN is null.
     */
    String json(LiveRows.Snapshot s) {
        StringBuilder b = new StringBuilder(256 + s.rows().size() * 16 * (s.tags().size() + 3));
        b.append("{\"run\":").append(quote(runName)).append(",\"totalSteps\":").append(totalSteps).append(",\"finished\":")
                .append(finished).append(",\"generation\":").append(s.generation()).append(",\"recorded\":").append(s.recorded())
                .append(",\"full\":").append(s.full()).append(",\"tags\":[");
        for (int i = 0; i < s.tags().size(); i++) b.append(i == 0 ? "" : ",").append(quote(s.tags().get(i)));
        b.append("],\"rows\":[");
        for (int r = 0; r < s.rows().size(); r++) {
            LiveRows.Row row = s.rows().get(r);
            b.append(r == 0 ? "[" : ",[").append(row.seq()).append(',').append(row.step()).append(',');
            number(b, row.wallTimeS());
            for (double v : row.values()) number(b.append(','), v);
            b.append(']');
        }
        b.append("],\"actors\":");
        List<ActorStatus> list = actors == null ? null : actors.get();
        if (list == null) {
            b.append("null");
        } else {
            b.append('[');
            for (int i = 0; i < list.size(); i++) {
                ActorStatus a = list.get(i);
                b.append(i == 0 ? "{" : ",{").append("\"index\":").append(a.index()).append(",\"pid\":").append(a.pid())
                        .append(",\"alive\":").append(a.alive()).append(",\"restarts\":").append(a.restarts()).append(",\"cpuS\":");
                number(b, a.cpuS());
                b.append('}');
            }
            b.append(']');
        }
        return b.append('}').toString();
    }

    private static void number(StringBuilder b, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) b.append("null");
        else if (v == Math.rint(v) && Math.abs(v) < 1e15) b.append((long) v);
        else b.append(v);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20 || c == '<' || c == '>' || c == '&') b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null) return m;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    private static long number(String s, long otherwise) {
        try {
            return s == null ? otherwise : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /**
     * The actor processes of a launcher as the page shows them: {@code processes} is the current process of each
     * launch index; a pid that changed since the last look counts as a restart (a respawn).
     */
    public static Supplier<List<ActorStatus>> actorsOf(Supplier<List<ProcessHandle>> processes) {
        Map<Integer, Long> lastPid = new HashMap<>();
        Map<Integer, Integer> restarts = new HashMap<>();
        return () -> {
            List<ProcessHandle> now = processes.get();
            synchronized (lastPid) {
                List<ActorStatus> out = new java.util.ArrayList<>(now.size());
                for (int i = 0; i < now.size(); i++) {
                    ProcessHandle p = now.get(i);
                    Long before = lastPid.put(i, p.pid());
                    if (before != null && before != p.pid()) restarts.merge(i, 1, Integer::sum);
                    double cpu = p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
                    out.add(new ActorStatus(i, p.pid(), p.isAlive(), restarts.getOrDefault(i, 0), cpu));
                }
                return out;
            }
        };
    }
}
