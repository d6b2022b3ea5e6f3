package io.tributary.ops.plot;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The learning-curve chart, drawn with {@code java.base} alone: the bundles' Java runtime leaves {@code java.desktop}
 * (AWT, ImageIO, fonts: 11 MiB of the compressed gpu bundle) out, so the text is a {@link BitmapFont}, the drawing a
 * {@link Raster} and the file a {@link PngWriter} PNG.
 */
final class CurveChart {

    /** Series colours, in group order (cycled past ten groups). */
    private static final int[] PALETTE = {0x1f5fbf, 0xe07b00, 0x2a9d3a, 0xc62828, 0x7b4fbf, 0x8d5a3c, 0xd2499b,
        0x5f6b73, 0x9ea10a, 0x1aa3b8};
    private static final int BACKGROUND = 0xffffff;
    private static final int GRID = 0xe4e4e4;
    private static final int INK = 0x222222;
    /** Drawn-at-most pixels (the drawing is made at 1 to 3 times the output size per side, then averaged down). */
    private static final long MAX_DRAWN_PIXELS = 16_000_000;

    private CurveChart() {}

    /**
     * Return against env steps: a title, axes with round-number ticks and a light grid, per series its line through
     * circle markers (error bars for a group's spread), and a legend in the top-left corner.
     */
    static Raster render(List<CurvePlot.Series> series, int width, int height) {
        int ss = (int) Math.max(1, Math.min(3, Math.floor(Math.sqrt((double) MAX_DRAWN_PIXELS / ((long) width * height)))));
        Raster r = new Raster(width * ss, height * ss, BACKGROUND);
        int fs = width >= 480 && height >= 360 ? 2 : 1; // font pixel size in output pixels
        int pad = 4 * fs;
        int lineH = BitmapFont.HEIGHT * fs;
        int capH = BitmapFont.ASCENT * fs;

        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (CurvePlot.Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                double spread = s.std() == null ? 0 : s.std()[i];
                xMin = Math.min(xMin, s.x()[i]);
                xMax = Math.max(xMax, s.x()[i]);
                yMin = Math.min(yMin, s.mean()[i] - spread);
                yMax = Math.max(yMax, s.mean()[i] + spread);
            }
        }
        if (xMax <= xMin) { xMin -= 1; xMax += 1; }
        if (yMax <= yMin) { yMin -= 1; yMax += 1; }
        double xPad = 0.03 * (xMax - xMin), yPad = 0.06 * (yMax - yMin);
        xMin -= xPad; xMax += xPad; yMin -= yPad; yMax += yPad;
        Ticks yTicks = Ticks.of(yMin, yMax, Math.max(2, height / (lineH * 5)));
        int yLabelW = 0;
        for (String l : yTicks.labels()) yLabelW = Math.max(yLabelW, BitmapFont.width(l) * fs);
        int left = pad + lineH + pad + yLabelW + pad;
        // room for half of the last x label past the axis (labels are centred on their ticks)
        int right = width - Math.max(2 * pad, BitmapFont.width("0.00M") * fs / 2 + pad);
        int top = pad + lineH + pad;
        int bottom = height - (pad + lineH + pad + lineH + pad);
        if (right - left < 20 || bottom - top < 20) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image leaves no room for the plot");
        }
        Ticks xTicks = Ticks.of(xMin, xMax, Math.max(2, (right - left) / (BitmapFont.width("0000000") * fs + 4 * pad)));
        final double x0 = xMin, x1 = xMax, y0 = yMin, y1 = yMax;
        DoubleUnaryOperator px = v -> left + (v - x0) / (x1 - x0) * (right - left);
        DoubleUnaryOperator py = v -> bottom - (v - y0) / (y1 - y0) * (bottom - top);

        // grid and tick labels
        for (int i = 0; i < yTicks.values().length; i++) {
            int y = (int) Math.round(py.applyAsDouble(yTicks.values()[i]));
            r.fill(left * ss, y * ss, right * ss, y * ss + ss, GRID);
            r.fill((left - pad) * ss, y * ss, left * ss, y * ss + ss, INK);
            String l = yTicks.labels()[i];
            r.text(l, (left - pad - pad / 2 - BitmapFont.width(l) * fs) * ss, (y - capH / 2) * ss, fs * ss, INK, false);
        }
        for (int i = 0; i < xTicks.values().length; i++) {
            int x = (int) Math.round(px.applyAsDouble(xTicks.values()[i]));
            r.fill(x * ss, top * ss, x * ss + ss, bottom * ss, GRID);
            r.fill(x * ss, bottom * ss, x * ss + ss, (bottom + pad) * ss, INK);
            String l = xTicks.labels()[i];
            r.text(l, (x - BitmapFont.width(l) * fs / 2) * ss, (bottom + pad + pad / 2) * ss, fs * ss, INK, false);
        }

        // the series: error bars under the line, the line, the markers on top
        for (int k = 0; k < series.size(); k++) {
            CurvePlot.Series s = series.get(k);
            int colour = PALETTE[k % PALETTE.length];
            int light = blend(colour, BACKGROUND, 0.45);
            for (int i = 0; i < s.x().length && s.std() != null; i++) {
                double x = px.applyAsDouble(s.x()[i]) * ss;
                double lo = py.applyAsDouble(s.mean()[i] - s.std()[i]) * ss;
                double hi = py.applyAsDouble(s.mean()[i] + s.std()[i]) * ss;
                r.line(x, lo, x, hi, fs * ss, light);
                r.line(x - 2.5 * fs * ss, lo, x + 2.5 * fs * ss, lo, fs * ss, light);
                r.line(x - 2.5 * fs * ss, hi, x + 2.5 * fs * ss, hi, fs * ss, light);
            }
            for (int i = 1; i < s.x().length; i++) {
                r.line(px.applyAsDouble(s.x()[i - 1]) * ss, py.applyAsDouble(s.mean()[i - 1]) * ss,
                        px.applyAsDouble(s.x()[i]) * ss, py.applyAsDouble(s.mean()[i]) * ss, 0.75 * fs * ss, colour);
            }
            for (int i = 0; i < s.x().length; i++) {
                r.disk(px.applyAsDouble(s.x()[i]) * ss, py.applyAsDouble(s.mean()[i]) * ss, 1.75 * fs * ss, colour);
            }
        }

        // the axes' box, the titles
        r.fill(left * ss, top * ss, right * ss, (top + 1) * ss, INK);
        r.fill(left * ss, bottom * ss, right * ss, (bottom + 1) * ss, INK);
        r.fill(left * ss, top * ss, (left + 1) * ss, (bottom + 1) * ss, INK);
        r.fill(right * ss, top * ss, (right + 1) * ss, (bottom + 1) * ss, INK);
        String title = "episodic return";
        r.text(title, (width - BitmapFont.width(title) * fs) / 2 * ss, pad * ss, fs * ss, INK, false);
        String xTitle = "env steps";
        r.text(xTitle, (left + right - BitmapFont.width(xTitle) * fs) / 2 * ss, (height - pad - lineH) * ss, fs * ss, INK,
                false);
        String yTitle = "mean episodic return";
        r.text(yTitle, pad * ss, (top + bottom + BitmapFont.width(yTitle) * fs) / 2 * ss, fs * ss, INK, true);

        // the legend: a swatch and the label per series, on white, in the top-left corner of the plot
        int labelW = 0;
        for (CurvePlot.Series s : series) labelW = Math.max(labelW, BitmapFont.width(s.label()) * fs);
        int rowH = lineH + pad;
        int swatch = 6 * pad;
        int lx = left + 2 * pad, ly = top + 2 * pad;
        int lw = pad + swatch + pad + labelW + pad, lh = pad + series.size() * rowH;
        r.fill(lx * ss, ly * ss, (lx + lw) * ss, (ly + lh) * ss, 0xaaaaaa);
        r.fill((lx + 1) * ss, (ly + 1) * ss, (lx + lw - 1) * ss, (ly + lh - 1) * ss, BACKGROUND);
        for (int k = 0; k < series.size(); k++) {
            int colour = PALETTE[k % PALETTE.length];
            double cy = (ly + pad + k * rowH + capH / 2.0) * ss;
            r.line((lx + pad) * ss, cy, (lx + pad + swatch) * ss, cy, 0.75 * fs * ss, colour);
            r.disk((lx + pad + swatch / 2.0) * ss, cy, 1.75 * fs * ss, colour);
            r.text(series.get(k).label(), (lx + pad + swatch + pad) * ss, (ly + pad + k * rowH) * ss, fs * ss, INK, false);
        }
        return r.downsample(ss);
    }

    /** {@code a} moved towards {@code b} by {@code t}, per channel. */
    private static int blend(int a, int b, double t) {
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int ca = a >> shift & 0xff, cb = b >> shift & 0xff;
            out |= (int) Math.round(ca + t * (cb - ca)) << shift;
        }
        return out;
    }
}
