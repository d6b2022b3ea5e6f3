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
        // as a checkpoint is written: a temp file, forced, renamed over the name (a SIGTERM or a crash mid-write leaves
        // the previous file whole, never a torn one)
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes, 0, len);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
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
