package dev.dicenet.vector;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A parallel loop over task indices on a shared pool (one per thread count, daemon threads): the
 * calling thread and {@code threads - 1} pool workers take indices from one counter until none are
 * left. A call allocates a few small objects, not a task per index. Which thread runs an index never
 * affects a result: reductions go through per-index partials combined in index order.
 */
final class Parallel {
    private static final java.util.Map<Integer, ForkJoinPool> POOLS = new java.util.concurrent.ConcurrentHashMap<>();

    private final ForkJoinPool pool;
    private final int threads;
    private final ForkJoinTask<?>[] helpers;

    Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : POOLS.computeIfAbsent(threads - 1, Parallel::newPool);
        this.helpers = new ForkJoinTask<?>[Math.max(0, threads - 1)];
    }

    private static ForkJoinPool newPool(int workers) {
        return new ForkJoinPool(workers, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setDaemon(true);
            t.setName("dicenet-vector-" + t.getPoolIndex());
            return t;
        }, null, false);
    }

    int threads() {
        return threads;
    }

    /** Runs body(i) for every i in [0, count), on up to {@code threads} threads. */
    void forEach(int count, IntConsumer body) {
        if (pool == null || count <= 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                body.accept(i);
            }
        };
        int extra = Math.min(helpers.length, count - 1);
        for (int h = 0; h < extra; h++) {
            helpers[h] = pool.submit(worker);
        }
        try {
            worker.run();
        } finally {
            for (int h = 0; h < extra; h++) {
                helpers[h].join(); // rethrows a failure of the helper's share
                helpers[h] = null;
            }
        }
    }
}
