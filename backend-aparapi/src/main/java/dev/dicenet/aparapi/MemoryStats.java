package dev.dicenet.aparapi;

/**
 * A snapshot of the backend's device memory and traffic: the arena's size and the part in use, the
 * tensors with a device copy, bytes moved each way and kernel executions since the backend started.
 */
public record MemoryStats(long capacityBytes, long inUseBytes, int liveTensors, long bytesToDevice,
                          long bytesToHost, long executions) {
}
