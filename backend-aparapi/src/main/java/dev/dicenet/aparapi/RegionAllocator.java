package dev.dicenet.aparapi;

import java.util.Map;
import java.util.TreeMap;

/**
 * First-fit allocation of aligned regions of [reserved, capacity), with coalescing of freed
 * neighbours. Plain bookkeeping, no device: {@link DeviceMemory} grows the capacity when a request
 * does not fit.
 */
final class RegionAllocator {
    static final int ALIGN = 16; // 64-byte regions

    private final TreeMap<Integer, Integer> free = new TreeMap<>(); // offset -> length
    private int capacity;
    private long inUse;

    RegionAllocator(int reserved, int capacity) {
        this.capacity = capacity;
        free.put(reserved, capacity - reserved);
    }

    static int align(int n) {
        return (Math.max(1, n) + ALIGN - 1) / ALIGN * ALIGN;
    }

    /** The offset of a free region of align(n) values, or -1 if none is large enough. */
    int allocate(int n) {
        int len = align(n);
        for (Map.Entry<Integer, Integer> e : free.entrySet()) {
            int size = e.getValue();
            if (size >= len) {
                int off = e.getKey(); // read both before removing: TreeMap reuses the entry's node
                free.remove(off);
                if (size > len) {
                    free.put(off + len, size - len);
                }
                inUse += len;
                return off;
            }
        }
        return -1;
    }

    /** Returns the region at {@code offset} allocated for {@code n} values. */
    void release(int offset, int n) {
        int len = align(n);
        inUse -= len;
        int start = offset;
        int end = offset + len;
        Map.Entry<Integer, Integer> before = free.lowerEntry(start);
        if (before != null && before.getKey() + before.getValue() == start) {
            start = before.getKey();
            free.remove(start);
        }
        Integer after = free.remove(end);
        if (after != null) {
            end += after;
        }
        free.put(start, end - start);
    }

    /** Extends the managed range to {@code newCapacity} values. */
    void grow(int newCapacity) {
        Map.Entry<Integer, Integer> last = free.lastEntry();
        if (last != null && last.getKey() + last.getValue() == capacity) {
            free.put(last.getKey(), newCapacity - last.getKey());
        } else {
            free.put(capacity, newCapacity - capacity);
        }
        capacity = newCapacity;
    }

    long inUse() {
        return inUse;
    }

    /** The largest free region (for messages). */
    int largestFree() {
        int max = 0;
        for (int v : free.values()) {
            max = Math.max(max, v);
        }
        return max;
    }
}
