package dev.dicenet.layers;

/**
 * Accumulates the normalization statistics of an image input layer over training images, in double:
 * per statistic (channel, element or all), the count, sum, sum of squares, minimum and maximum.
 */
public final class InputStatistics {
    private final NormalizationDimension dimension;
    private final int perChannel;
    private final double[] count;
    private final double[] sum;
    private final double[] sumSquares;
    private final double[] min;
    private final double[] max;

    public InputStatistics(NormalizationDimension dimension, int channels, int perChannel) {
        this.dimension = dimension;
        this.perChannel = perChannel;
        int n = dimension.count(channels, perChannel);
        count = new double[n];
        sum = new double[n];
        sumSquares = new double[n];
        min = new double[n];
        max = new double[n];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    /** Adds one observation, [C, spatial...] flattened. */
    public void add(float[] image, int offset, int length) {
        for (int i = 0; i < length; i++) {
            int s = dimension.statisticIndex(i, perChannel);
            double v = image[offset + i];
            count[s]++;
            sum[s] += v;
            sumSquares[s] += v * v;
            min[s] = Math.min(min[s], v);
            max[s] = Math.max(max[s], v);
        }
    }

    public float[] mean() {
        float[] m = new float[sum.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) (sum[i] / count[i]);
        }
        return m;
    }

    /** Population standard deviation (MATLAB's, over all training elements). */
    public float[] standardDeviation() {
        float[] s = new float[sum.length];
        for (int i = 0; i < s.length; i++) {
            double mean = sum[i] / count[i];
            s[i] = (float) Math.sqrt(Math.max(0, sumSquares[i] / count[i] - mean * mean));
        }
        return s;
    }

    public float[] min() {
        return toFloat(min);
    }

    public float[] max() {
        return toFloat(max);
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
