package dev.dicenet.tensor.testing;

import java.util.function.DoubleSupplier;

/** Central differences of a scalar function of a float array, evaluated in double. */
public final class NumericGradient {
    private NumericGradient() {
    }

    /** d f / d values[i] ~ (f(v + h e_i) - f(v - h e_i)) / 2h for every i; values are restored. */
    public static double[] centralDifference(float[] values, DoubleSupplier f, double h) {
        double[] g = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            g[i] = at(values, i, f, h);
        }
        return g;
    }

    /** The central difference at one index; the value is restored. */
    public static double at(float[] values, int i, DoubleSupplier f, double h) {
        float saved = values[i];
        values[i] = (float) (saved + h);
        double up = f.getAsDouble();
        double hUp = values[i] - saved; // the step actually taken in float
        values[i] = (float) (saved - h);
        double down = f.getAsDouble();
        double hDown = saved - values[i];
        values[i] = saved;
        return (up - down) / (hUp + hDown);
    }

    /** Random values in [lo, hi) from a seeded generator. */
    public static float[] random(java.util.Random r, int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return v;
    }

    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
