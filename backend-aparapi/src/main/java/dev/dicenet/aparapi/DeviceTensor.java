package dev.dicenet.aparapi;

import dev.dicenet.tensor.Tensor;

/**
 * A tensor's region of the device arena and which side holds its current values. Holds the host
 * array, never the {@link Tensor} itself, so that a tensor that becomes unreachable can be collected
 * and its region freed.
 */
final class DeviceTensor implements Tensor.DeviceCopy {
    final Residency owner;
    final float[] host;
    final int offset;
    final int length;
    boolean hostCurrent = true;
    boolean deviceCurrent;
    boolean released;

    DeviceTensor(Residency owner, float[] host, int offset) {
        this.owner = owner;
        this.host = host;
        this.offset = offset;
        this.length = host.length;
    }

    @Override
    public void refreshHost() {
        synchronized (owner.lock) {
            if (!released && !hostCurrent) {
                owner.download(this);
                hostCurrent = true;
            }
        }
    }

    @Override
    public void hostMayChange() {
        synchronized (owner.lock) {
            deviceCurrent = false;
        }
    }
}
