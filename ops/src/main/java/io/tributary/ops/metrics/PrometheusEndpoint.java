package io.tributary.ops.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.learner.metrics.MetricsSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --metrics-port}: every iteration's numbers as Prometheus gauges (Micrometer's Prometheus registry) at
 * {@code http://<host>:<port>/metrics}: tag {@code charts/episodic_return} becomes {@code tributary_charts_episodic_return},
 * the env step {@code tributary_global_step}. A gauge holds the last value it was given (a NaN row value leaves it).
 */
public final class PrometheusEndpoint implements MetricsSink {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private final HttpServer server;
    /** A scrape and a row's update exclude each other, so a scrape never sees half of one iteration and half of the next. */
    private final Object rowLock = new Object();

    public PrometheusEndpoint(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on port " + port + " (taken? choose another --metrics-port)", e);
        }
        server.createContext("/metrics", ex -> {
            String text;
            synchronized (rowLock) {
                text = registry.scrape();
            }
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
    }

    /** The port it listens on (the one chosen when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The Prometheus name of a row's tag. */
    public static String name(String tag) {
        String t = tag.startsWith("tributary/") ? tag.substring("tributary/".length()) : tag;
        return "tributary_" + t.replaceAll("[^A-Za-z0-9]+", "_");
    }

    @Override
    public void record(long globalStep, double wallTimeS, Map<String, Double> scalars) {
        synchronized (rowLock) {
            set("global_step", globalStep);
            scalars.forEach((tag, v) -> {
                if (v != null && !v.isNaN()) set(tag, v);
            });
        }
    }

    private void set(String tag, double v) {
        gauges.computeIfAbsent(name(tag), n -> {
            AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
            Gauge.builder(n, bits, b -> Double.longBitsToDouble(b.get())).description(tag).register(registry);
            return bits;
        }).set(Double.doubleToLongBits(v));
    }

    @Override
    public void close() {
        server.stop(0);
        registry.close();
    }
}
