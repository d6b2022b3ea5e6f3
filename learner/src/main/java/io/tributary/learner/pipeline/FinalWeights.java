package io.tributary.learner.pipeline;

import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import io.tributary.protocol.codec.DecodeResult;
import io.tributary.protocol.codec.WeightsChunkLayout;
import io.tributary.protocol.codec.WeightsChunker;
import io.tributary.protocol.codec.WeightsReassembler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@code final-weights.bin}: the last version exactly as it went on the wire, as one weights message (header,
 * checksum, spec hash, version, the policy prefix of the weights, observation statistics), so it is read back with the same
 * validating decoder as a broadcast.
 */
public final class FinalWeights {

    private FinalWeights() {}

    public static void write(Path file, PolicyVersion s) throws IOException {
        int one = WeightsChunkLayout.payloadLength(s.spec) + WeightsChunkLayout.CHUNK_DATA;
        WeightsChunker chunker = new WeightsChunker(s.spec, one);
        chunker.load(s);
        byte[] bytes = new byte[one];
        int len = chunker.writeChunk(0, new UnsafeBuffer(bytes), 0);
        Files.write(file, java.util.Arrays.copyOf(bytes, len));
    }

    /** Reads a file written by {@link #write} for {@code spec}; a damaged or foreign file is an error naming why. */
    public static PolicyVersion read(Path file, PolicySpec spec) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        PolicyVersion w = new PolicyVersion(spec);
        DecodeResult r = new WeightsReassembler(spec)
                .onChunk(new UnsafeBuffer(bytes), 0, bytes.length, w);
        if (r != DecodeResult.OK) throw new IOException(file + " is not a weights file for " + spec + ": " + r);
        return w;
    }
}
