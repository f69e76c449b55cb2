package dev.dicenet.aparapi;

/**
 * A snapshot of the backend's device memory and traffic since it started: the arena's size and the
 * part in use, the tensors with a device copy, tensors copied to the device and back to the host
 * (each a whole tensor: the residency a training step should not need beyond its input), bytes moved
 * each way (including the transfer buffers' full length, as Aparapi moves whole arrays) and kernel
 * executions.
 */
public record MemoryStats(long capacityBytes, long inUseBytes, int liveTensors, long tensorUploads,
                          long tensorDownloads, long bytesToDevice, long bytesToHost, long executions) {
}
