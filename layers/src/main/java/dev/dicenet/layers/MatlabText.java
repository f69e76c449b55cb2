package dev.dicenet.layers;

import dev.dicenet.tensor.Shape;

/** MATLAB's display conventions for sizes and vectors in layer descriptions. */
final class MatlabText {
    private MatlabText() {
    }

    /** [2  2]: MATLAB prints a row vector with two spaces between elements. */
    static String vector(int... values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : "  ").append(values[i]);
        }
        return sb.append(']').toString();
    }

    /** 3x3 or 3x3x3. */
    static String cross(int... values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : "x").append(values[i]);
        }
        return sb.toString();
    }

    /** A per-observation size [C, H, W] / [C, D, H, W] as MATLAB's HxWxC / HxWxDxC. */
    static String hwc(Shape s) {
        return cross(matlabOrder(s));
    }

    /** [C, H, W] as [H W C]; [C, D, H, W] as [H W D C]; other ranks unchanged. */
    static int[] matlabOrder(Shape s) {
        int[] d = s.dims();
        if (d.length == 3) {
            return new int[] {d[1], d[2], d[0]};
        }
        if (d.length == 4) {
            return new int[] {d[2], d[3], d[1], d[0]};
        }
        return d;
    }
}
