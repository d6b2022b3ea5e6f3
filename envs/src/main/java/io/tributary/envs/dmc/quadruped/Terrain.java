package io.tributary.envs.dmc.quadruped;

import io.tributary.envs.mujoco.MjArray;
import io.tributary.envs.random.RandomState;

/**
 * quadruped escape's procedural terrain (facts 5.14): a sinusoidal bowl times smoothly interpolated random bumps,
 * drawn anew at every reset and written into the model's heightfield (MuJoCo reads {@code hfield_data} directly for
 * collisions and rays; headless, nothing needs re-uploading).
 *
 * <p>With {@code g = -1, -1 + 2/(res-1), ..., 1} on both axes ({@code np.ogrid[-1:1:res*1j]}, computed as
 * {@code i * step + start}) and {@code r = clip(sqrt(g_col^2 + g_row^2), 0.04, 1)}: {@code bowl = 0.5 - cos(2 pi r) / 2};
 * bumps are {@code uniform(0.15, 1)} on a {@code b x b} grid ({@code b = int(2 * hfield x-radius / 2)}, row-major
 * draws), zoomed to {@code res x res}; heights (fractions of the elevation) are {@code bowl * bumps}, row-major, stored
 * as float32 as MuJoCo keeps them. The bowl is fixed per model and computed once.
 */
final class Terrain {

    /** dm_control's {@code _TERRAIN_SMOOTHNESS}: the bumps' lower bound (1 would be flat). */
    private static final double SMOOTHNESS = 0.15;
    /** dm_control's {@code _TERRAIN_BUMP_SCALE}: metres per bump. */
    private static final double BUMP_SCALE = 2;

    private final int res;
    private final int adr;
    private final double[] bowl;
    private final double[] bumps;
    private final double[] smooth;
    private final SplineZoom zoom;

    /**
     * For heightfield {@code hfield} of the model behind these arrays ({@code hfield_nrow}, {@code hfield_ncol},
     * {@code hfield_size}, {@code hfield_adr}); it must be square, as the suite asserts.
     */
    Terrain(MjArray nrow, MjArray ncol, MjArray size, MjArray adrs, int hfield) {
        this.res = nrow.getInt(hfield);
        if (res != ncol.getInt(hfield)) {
            throw new IllegalArgumentException("quadruped terrain: heightfield " + hfield + " must be square, got "
                    + res + " rows x " + ncol.getInt(hfield) + " columns");
        }
        this.adr = adrs.getInt(hfield);
        int bumpRes = (int) (2 * size.get(hfield, 0) / BUMP_SCALE);
        this.bowl = bowl(res);
        this.bumps = new double[bumpRes * bumpRes];
        this.smooth = new double[res * res];
        // scipy's output size: round(bumpRes * (res / bumpRes))
        int out = (int) Math.round(bumpRes * ((double) res / bumpRes));
        if (out != res) throw new IllegalStateException("quadruped terrain: zoom gives " + out + " rows, heightfield has " + res);
        this.zoom = new SplineZoom(bumpRes, res);
    }

    /** Draws new bumps from {@code random} and writes the terrain into {@code hfieldData}. */
    void generate(RandomState random, MjArray hfieldData) {
        random.uniform(SMOOTHNESS, 1, bumps);
        zoom.zoom(bumps, smooth);
        for (int i = 0; i < res * res; i++) hfieldData.set(adr + i, bowl[i] * smooth[i]);
    }

    private static double[] bowl(int res) {
        double step = 2.0 / (res - 1);
        double[] g = new double[res];
        for (int i = 0; i < res; i++) g[i] = i * step + -1.0;
        double[] out = new double[res * res];
        for (int row = 0; row < res; row++) {
            for (int col = 0; col < res; col++) {
                double r = Math.sqrt(g[col] * g[col] + g[row] * g[row]);
                r = Math.min(Math.max(r, 0.04), 1.0);
                out[row * res + col] = 0.5 - StrictMath.cos(2 * Math.PI * r) / 2;
            }
        }
        return out;
    }
}
