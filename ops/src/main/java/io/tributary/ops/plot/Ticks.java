package io.tributary.ops.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Round-number axis ticks: a step of 1, 2, 2.5 or 5 times a power of ten giving at most about {@code target} ticks
 * inside [min, max], labelled with as few decimals as the step needs, thousands as "k" and millions as "M" (env steps
 * run to millions).
 */
record Ticks(double[] values, String[] labels) {

    static Ticks of(double min, double max, int target) {
        if (!(max > min) || target < 1) throw new IllegalArgumentException("ticks for [" + min + ", " + max + "], " + target);
        double raw = (max - min) / target;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = 10 * power;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * power >= raw) {
                step = m * power;
                break;
            }
        }
        List<Double> v = new ArrayList<>();
        for (long k = (long) Math.ceil(min / step - 1e-9); k * step <= max + 1e-9 * step; k++) v.add(k * step);
        double largest = Math.max(Math.abs(min), Math.abs(max));
        double unit = largest >= 1e6 && step >= 1e5 ? 1e6 : largest >= 1e4 && step >= 1e2 ? 1e3 : 1;
        String suffix = unit == 1e6 ? "M" : unit == 1e3 ? "k" : "";
        // decimals for the step in the unit: 2.5 needs one more than 2 or 5
        double scaled = step / unit;
        int decimals = 0;
        while (decimals < 9 && Math.abs(scaled * Math.pow(10, decimals) - Math.rint(scaled * Math.pow(10, decimals))) > 1e-6) {
            decimals++;
        }
        double[] values = new double[v.size()];
        String[] labels = new String[v.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = v.get(i);
            double shown = values[i] / unit;
            if (Math.abs(shown) < step / unit * 1e-9) shown = 0; // no "-0"
            labels[i] = shown == 0 ? "0" : String.format(Locale.ROOT, "%." + decimals + "f", shown) + suffix;
        }
        return new Ticks(values, labels);
    }
}
