package dev.dicenet.vector;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * A shared fork-join pool of a fixed number of daemon threads, one per backend thread count, and
 * a parallel loop over task indices. Which thread runs a task never affects a result: reductions
 * go through per-task partials combined in task order.
 */
final class Parallel {
    private static final java.util.Map<Integer, ForkJoinPool> POOLS = new java.util.concurrent.ConcurrentHashMap<>();

    private final ForkJoinPool pool;
    private final int threads;

    Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : POOLS.computeIfAbsent(threads, Parallel::newPool);
    }

    private static ForkJoinPool newPool(int threads) {
        return new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setDaemon(true);
            t.setName("dicenet-vector-" + t.getPoolIndex());
            return t;
        }, null, false);
    }

    int threads() {
        return threads;
    }

    /** Runs body(i) for i in [0, count), in parallel when there is more than one task. */
    void forEach(int count, IntConsumer body) {
        if (pool == null || count <= 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        pool.invoke(new Range(body, 0, count));
    }

    private static final class Range extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient IntConsumer body;
        private final int from;
        private final int to;

        Range(IntConsumer body, int from, int to) {
            this.body = body;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                body.accept(from);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Range(body, from, mid), new Range(body, mid, to));
        }
    }
}
