package io.tributary.ops.plot;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chart's drawing, read back from its pixels: each series in its own colour where its values put it (a higher
 * return higher up, a rising curve from lower left to upper right), error bars around a group's mean, every
 * printable character with a glyph.
 */
class CurveChartTest {

    private static final int BLUE = 0x1f5fbf;
    private static final int ORANGE = 0xe07b00;

    /** Whether {@code p} is {@code colour} or mostly it (an anti-aliased line's pixel): every channel within 80. */
    private static boolean near(int p, int colour) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((p >> shift & 0xff) - (colour >> shift & 0xff)) > 80) return false;
        }
        return true;
    }

    /** Mean row (y) of the pixels of (mostly) {@code colour} in columns [x0, x1), or NaN when there are none. */
    private static double rowOf(Raster r, int colour, int x0, int x1) {
        long sum = 0, n = 0;
        for (int y = 0; y < r.height; y++) {
            for (int x = x0; x < x1; x++) {
                if (near(r.rgb[y * r.width + x], colour)) {
                    sum += y;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : (double) sum / n;
    }

    @Test
    void aHigherReturnIsDrawnHigherAndARisingCurveRises() {
        double[] x = {0, 1000, 2000, 3000, 4000};
        CurvePlot.Series low = new CurvePlot.Series("low", x, new double[] {-900, -900, -900, -900, -900}, null);
        CurvePlot.Series rising = new CurvePlot.Series("rising", x, new double[] {-1000, -700, -400, -200, -100}, null);
        Raster r = CurveChart.render(List.of(low, rising), 640, 480);
        assertEquals(640, r.width);
        assertEquals(480, r.height);
        // right half, away from the legend: the rising curve (orange) above the flat one (blue)
        double flat = rowOf(r, BLUE, 400, 600);
        double up = rowOf(r, ORANGE, 400, 600);
        assertTrue(up < flat, "orange at row " + up + " above blue at row " + flat);
        // the rising curve's right end is higher on the image than its left end
        assertTrue(rowOf(r, ORANGE, 520, 600) < rowOf(r, ORANGE, 150, 260), "the curve rises from left to right");
        // and the flat curve stays at one height
        assertEquals(rowOf(r, BLUE, 400, 500), rowOf(r, BLUE, 500, 600), 2.0);
    }

    /** Pixels in the right half whose blue exceeds their red by 40 (the first series' colour and its lighter bars), away from row {@code y}. */
    private static int bluishAwayFrom(Raster r, double y) {
        int n = 0;
        for (int row = 0; row < r.height; row++) {
            if (Math.abs(row - y) <= 8) continue;
            for (int x = r.width / 2; x < r.width; x++) {
                int p = r.rgb[row * r.width + x];
                if ((p & 0xff) - (p >> 16 & 0xff) > 40) n++;
            }
        }
        return n;
    }

    @Test
    void aGroupsSpreadIsDrawnAsErrorBarsAroundItsMean() {
        double[] x = {0, 1000, 2000};
        CurvePlot.Series seeds = new CurvePlot.Series("seeds", x, new double[] {0, 0, 0}, new double[] {50, 50, 50});
        CurvePlot.Series alone = new CurvePlot.Series("alone", x, new double[] {0, 0, 0}, null);
        Raster with = CurveChart.render(List.of(seeds), 640, 480);
        Raster without = CurveChart.render(List.of(alone), 640, 480);
        int bars = bluishAwayFrom(with, rowOf(with, BLUE, 320, 640));
        int none = bluishAwayFrom(without, rowOf(without, BLUE, 320, 640));
        assertEquals(0, none, "without a spread nothing blue away from the mean's line");
        assertTrue(bars > 300, "error bars above and below the mean: " + bars + " pixels");
    }

    @Test
    void everyPrintableAsciiCharacterHasAGlyph() {
        BitmapFont f = BitmapFont.get();
        for (char c = 32; c < 127; c++) assertTrue(f.has(c), "glyph for '" + c + "'");
        assertFalse(f.has('\u00e9'), "outside ASCII: drawn as a box");
        assertTrue(f.on('\u00e9', 0, 0));
    }
}
