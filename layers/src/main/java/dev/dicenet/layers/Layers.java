package dev.dicenet.layers;

import dev.dicenet.tensor.Shape;

/**
 * MATLAB's layer factories. Sizes are given MATLAB's way ([H W C], filter [h w]); the tensors
 * inside are NCHW. Import statically: {@code import static dev.dicenet.layers.Layers.*;}
 */
public final class Layers {
    private Layers() {
    }

    /** imageInputLayer([h w c]). */
    public static ImageInputLayer imageInputLayer(int height, int width, int channels) {
        return new ImageInputLayer(Shape.of(channels, height, width));
    }

    /** imageInputLayer(inputSize) with inputSize = [h w c]. */
    public static ImageInputLayer imageInputLayer(int[] hwc) {
        if (hwc.length != 3) {
            throw new IllegalArgumentException("imageInputLayer: InputSize must be [h w c], got "
                    + java.util.Arrays.toString(hwc));
        }
        return imageInputLayer(hwc[0], hwc[1], hwc[2]);
    }

    /** image3dInputLayer([h w d c]). */
    public static ImageInputLayer image3dInputLayer(int height, int width, int depth, int channels) {
        return new ImageInputLayer(Shape.of(channels, depth, height, width));
    }

    /** convolution2dLayer(filterSize, numFilters) with a square filter. */
    public static ConvolutionLayer convolution2dLayer(int filterSize, int numFilters) {
        return new ConvolutionLayer(new int[] {filterSize, filterSize}, numFilters);
    }

    /** convolution2dLayer([h w], numFilters). */
    public static ConvolutionLayer convolution2dLayer(int[] filterSize, int numFilters) {
        requireLength(filterSize, 2, "convolution2dLayer");
        return new ConvolutionLayer(filterSize, numFilters);
    }

    /** convolution3dLayer(filterSize, numFilters) with a cubic filter. */
    public static ConvolutionLayer convolution3dLayer(int filterSize, int numFilters) {
        return new ConvolutionLayer(new int[] {filterSize, filterSize, filterSize}, numFilters);
    }

    /** convolution3dLayer([h w d], numFilters). */
    public static ConvolutionLayer convolution3dLayer(int[] hwd, int numFilters) {
        requireLength(hwd, 3, "convolution3dLayer");
        return new ConvolutionLayer(new int[] {hwd[2], hwd[0], hwd[1]}, numFilters);
    }

    /** transposedConv2dLayer(filterSize, numFilters) with a square filter. */
    public static TransposedConvolutionLayer transposedConv2dLayer(int filterSize, int numFilters) {
        return new TransposedConvolutionLayer(new int[] {filterSize, filterSize}, numFilters);
    }

    public static TransposedConvolutionLayer transposedConv2dLayer(int[] filterSize, int numFilters) {
        requireLength(filterSize, 2, "transposedConv2dLayer");
        return new TransposedConvolutionLayer(filterSize, numFilters);
    }

    /** transposedConv3dLayer(filterSize, numFilters) with a cubic filter. */
    public static TransposedConvolutionLayer transposedConv3dLayer(int filterSize, int numFilters) {
        return new TransposedConvolutionLayer(new int[] {filterSize, filterSize, filterSize}, numFilters);
    }

    public static ReluLayer reluLayer() {
        return new ReluLayer();
    }

    public static SoftmaxLayer softmaxLayer() {
        return new SoftmaxLayer();
    }

    public static DicePixelClassificationLayer dicePixelClassificationLayer() {
        return new DicePixelClassificationLayer();
    }

    public static PixelClassificationLayer pixelClassificationLayer() {
        return new PixelClassificationLayer();
    }

    private static void requireLength(int[] v, int n, String who) {
        if (v.length != n) {
            throw new IllegalArgumentException(who + ": filter size needs " + n + " values, got "
                    + java.util.Arrays.toString(v));
        }
    }
}
