package io.tributary.ops.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length N, N bytes of JSON
 * ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ..., "__metadata__": {string:
 * string}}}, padded with spaces to a multiple of 8), then the tensors' raw little-endian bytes back to back in the
 * header's order (offsets relative to the start of the data). Float32 and float64 tensors only.
 */
public final class SafetensorsWriter {

    private record Tensor(String dtype, long[] shape, byte[] data) {}

    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsWriter f32(String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return add(name, "F32", shape, values.length, b.array());
    }

    public SafetensorsWriter f64(String name, double[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) b.putDouble(v);
        return add(name, "F64", shape, values.length, b.array());
    }

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    private SafetensorsWriter add(String name, String dtype, long[] shape, int count, byte[] data) {
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (n != count) throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + n + " values, given " + count);
        if (name.equals("__metadata__") || tensors.putIfAbsent(name, new Tensor(dtype, shape.clone(), data)) != null) {
            throw new IllegalArgumentException("tensor name '" + name + "' is taken");
        }
        return this;
    }

    /** The header's JSON, unpadded. */
    String header() {
        List<String> entries = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            String shape = Arrays.stream(t.shape()).mapToObj(Long::toString).collect(Collectors.joining(","));
            entries.add(quote(e.getKey()) + ":{\"dtype\":\"" + t.dtype() + "\",\"shape\":[" + shape + "],\"data_offsets\":["
                    + offset + "," + (offset + t.data().length) + "]}");
            offset += t.data().length;
        }
        if (!metadata.isEmpty()) {
            entries.add("\"__metadata__\":{" + metadata.entrySet().stream().map(m -> quote(m.getKey()) + ":" + quote(m.getValue()))
                    .collect(Collectors.joining(",")) + "}");
        }
        return "{" + String.join(",", entries) + "}";
    }

    public void write(Path file) throws IOException {
        byte[] json = header().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = Arrays.copyOf(json, padded);
        Arrays.fill(head, json.length, padded, (byte) ' ');
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(head);
            for (Tensor t : tensors.values()) out.write(t.data());
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
