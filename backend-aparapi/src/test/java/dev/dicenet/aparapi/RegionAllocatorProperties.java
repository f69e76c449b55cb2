package dev.dicenet.aparapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Regions handed out are aligned, inside the arena, never overlap, and all come back on release. */
class RegionAllocatorProperties {
    @Property(tries = 300)
    void regionsNeverOverlapAndCoalesceBack(@ForAll long seed) {
        Random r = new Random(seed);
        int capacity = 4096;
        RegionAllocator a = new RegionAllocator(16, capacity);
        List<int[]> live = new ArrayList<>(); // {offset, n}
        for (int step = 0; step < 400; step++) {
            if (!live.isEmpty() && r.nextInt(3) == 0) {
                int[] region = live.remove(r.nextInt(live.size()));
                a.release(region[0], region[1]);
                continue;
            }
            int n = 1 + r.nextInt(r.nextBoolean() ? 40 : 700);
            int off = a.allocate(n);
            if (off < 0) {
                capacity *= 2;
                a.grow(capacity);
                off = a.allocate(n);
            }
            assertTrue(off >= 16 && off % RegionAllocator.ALIGN == 0 && off + n <= capacity, "region " + off);
            for (int[] other : live) {
                boolean apart = off + RegionAllocator.align(n) <= other[0]
                        || other[0] + RegionAllocator.align(other[1]) <= off;
                assertTrue(apart, "region [" + off + ", +" + n + ") overlaps [" + other[0] + ", +" + other[1] + ")");
            }
            live.add(new int[] {off, n});
        }
        long used = 0;
        for (int[] region : live) {
            used += RegionAllocator.align(region[1]);
        }
        assertEquals(used, a.inUse());
        for (int[] region : live) {
            a.release(region[0], region[1]);
        }
        assertEquals(0, a.inUse());
        assertEquals(capacity - 16, a.largestFree(), "everything coalesces back into one free region");
    }
}
