package io.tributary.ops.plot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The plot's text: a 5 x 9 bitmap font for printable ASCII ({@code font-5x9.txt} beside this class), so that a PNG
 * needs no font files, no fontconfig and no {@code java.desktop} (the bundles' runtime leaves it out). A character
 * without a glyph is drawn as a box.
 */
final class BitmapFont {

    static final int WIDTH = 5;
    static final int HEIGHT = 9;
    /** Rows above the baseline (capitals and digits). */
    static final int ASCENT = 7;
    /** Horizontal distance from one glyph to the next, in font pixels. */
    static final int ADVANCE = WIDTH + 1;

    private static final BitmapFont INSTANCE = load();

    /** Per character code, {@code HEIGHT} rows of {@code WIDTH} bits (bit 4 the left column); null when undefined. */
    private final int[][] glyphs = new int[128][];

    private BitmapFont() {}

    static BitmapFont get() {
        return INSTANCE;
    }

    private static BitmapFont load() {
        String text;
        try (InputStream in = BitmapFont.class.getResourceAsStream("font-5x9.txt")) {
            if (in == null) throw new IllegalStateException("font-5x9.txt missing from the class path");
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read font-5x9.txt", e);
        }
        BitmapFont f = new BitmapFont();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isBlank() || line.startsWith("# ")) continue;
            String[] t = line.trim().split(" +");
            boolean named = t[0].equals("space") || t[0].equals("hash");
            char c = t[0].equals("space") ? ' ' : t[0].equals("hash") ? '#' : t[0].charAt(0);
            if ((t[0].length() != 1 && !named) || t.length < 2 || t.length > HEIGHT + 1 || c >= 128) {
                throw new IllegalStateException("font-5x9.txt line " + lineNo + ": expected a character and 1.." + HEIGHT
                        + " rows of " + WIDTH + " '#'/'.', was '" + line + "'");
            }
            int[] rows = new int[HEIGHT];
            for (int r = 1; r < t.length; r++) {
                if (!t[r].matches("[#.]{" + WIDTH + "}")) {
                    throw new IllegalStateException("font-5x9.txt line " + lineNo + ": row '" + t[r] + "' is not "
                            + WIDTH + " of '#'/'.'");
                }
                for (int x = 0; x < WIDTH; x++) if (t[r].charAt(x) == '#') rows[r - 1] |= 1 << (WIDTH - 1 - x);
            }
            f.glyphs[c] = rows;
        }
        return f;
    }

    boolean has(char c) {
        return c < 128 && glyphs[c] != null;
    }

    /** Whether font pixel (x, y) of {@code c}'s glyph is on; a character without a glyph is a box. */
    boolean on(char c, int x, int y) {
        if (!has(c)) return y < ASCENT && (x == 0 || x == WIDTH - 1 || y == 0 || y == ASCENT - 1);
        return (glyphs[c][y] >> (WIDTH - 1 - x) & 1) != 0;
    }

    /** The width of {@code s} in font pixels. */
    static int width(String s) {
        return s.isEmpty() ? 0 : s.length() * ADVANCE - 1;
    }
}
