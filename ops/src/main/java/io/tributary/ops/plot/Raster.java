package io.tributary.ops.plot;

import java.util.Arrays;

/**
 * An RGB pixel grid to draw on, drawn at a multiple of the output size and averaged down ({@link #downsample}), which
 * smooths every edge: lines, markers and text get anti-aliased without any anti-aliasing code.
 */
final class Raster {

    final int width;
    final int height;
    final int[] rgb;

    Raster(int width, int height, int background) {
        this.width = width;
        this.height = height;
        this.rgb = new int[Math.multiplyExact(width, height)];
        Arrays.fill(rgb, background);
    }

    void set(int x, int y, int colour) {
        if (x >= 0 && y >= 0 && x < width && y < height) rgb[y * width + x] = colour;
    }

    /** The rectangle {@code [x0, x1) x [y0, y1)}, clipped. */
    void fill(int x0, int y0, int x1, int y1, int colour) {
        int ax = Math.max(0, x0), bx = Math.min(width, x1), ay = Math.max(0, y0), by = Math.min(height, y1);
        for (int y = ay; y < by; y++) Arrays.fill(rgb, y * width + ax, Math.max(y * width + ax, y * width + bx), colour);
    }

    /** A filled disk of radius {@code r} around (cx, cy). */
    void disk(double cx, double cy, double r, int colour) {
        int x0 = (int) Math.floor(cx - r), x1 = (int) Math.ceil(cx + r);
        int y0 = (int) Math.floor(cy - r), y1 = (int) Math.ceil(cy + r);
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                if (dx * dx + dy * dy <= r * r) set(x, y, colour);
            }
        }
    }

    /** A line {@code thickness} wide from (x0, y0) to (x1, y1): disks stamped along it, one per pixel of length. */
    void line(double x0, double y0, double x1, double y1, double thickness, int colour) {
        double length = Math.hypot(x1 - x0, y1 - y0);
        int steps = Math.max(1, (int) Math.ceil(length));
        for (int i = 0; i <= steps; i++) {
            double t = (double) i / steps;
            disk(x0 + t * (x1 - x0), y0 + t * (y1 - y0), thickness / 2, colour);
        }
    }

    /**
     * {@code s} in the bitmap font, each font pixel a {@code scale x scale} square, the top-left corner of the first
     * glyph's cell at (x, y); {@code vertical} turns it a quarter left (reading upwards, for a y-axis title), the
     * text then starting at the bottom-left corner (x, y).
     */
    void text(String s, int x, int y, int scale, int colour, boolean vertical) {
        BitmapFont f = BitmapFont.get();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            for (int gy = 0; gy < BitmapFont.HEIGHT; gy++) {
                for (int gx = 0; gx < BitmapFont.WIDTH; gx++) {
                    if (!f.on(c, gx, gy)) continue;
                    int along = (i * BitmapFont.ADVANCE + gx) * scale;
                    if (vertical) fill(x + gy * scale, y - along - scale, x + (gy + 1) * scale, y - along, colour);
                    else fill(x + along, y + gy * scale, x + along + scale, y + (gy + 1) * scale, colour);
                }
            }
        }
    }

    /** Each {@code factor x factor} block averaged into one pixel. */
    Raster downsample(int factor) {
        if (factor == 1) return this;
        Raster out = new Raster(width / factor, height / factor, 0);
        int n = factor * factor;
        for (int y = 0; y < out.height; y++) {
            for (int x = 0; x < out.width; x++) {
                int r = 0, g = 0, b = 0;
                for (int dy = 0; dy < factor; dy++) {
                    int row = (y * factor + dy) * width + x * factor;
                    for (int dx = 0; dx < factor; dx++) {
                        int p = rgb[row + dx];
                        r += p >> 16 & 0xff;
                        g += p >> 8 & 0xff;
                        b += p & 0xff;
                    }
                }
                out.rgb[y * out.width + x] = (r + n / 2) / n << 16 | (g + n / 2) / n << 8 | (b + n / 2) / n;
            }
        }
        return out;
    }
}
