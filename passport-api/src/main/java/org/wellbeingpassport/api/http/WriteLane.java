package org.wellbeingpassport.api.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Reads first: while any read is being answered, at most {@code width} writes run at once; the others wait their turn,
 * in order of arrival, without holding a thread. When no read is in flight a write goes straight on, so writes alone
 * run as before; and when the last read in flight ends, every write waiting goes at once (in order of arrival).
 * Before that last rule, a queue formed during one read outlived it: each write arriving later joined the queue
 * because someone waited, so under steady write load a single read (a health check, a metrics scrape) left writes one
 * at a time for good, halving them (docs/adr/0008-storage-design.md, amendment of session 23). Non-blocking: a waiting
 * write is a Reactor {@link MonoSink} in a queue, admitted by the write that leaves before it or by the end of the
 * reads (see docs/adr/0008-storage-design.md, "Reads first").
 *
 * <p>
 * A share of the time ({@code share}, below 1): while reads are in flight, a place a write gives back stays empty for
 * a moment before the next write takes it, so that the writes in the lane hold each place at most that share of the
 * time (a write that held its place for {@code t} leaves it empty for {@code t * (1 - share) / share}, at most
 * {@link #MAX_GAP_NANOS}). Without it a queue of writes keeps every place busy back to back, and under a steady stream
 * of writes readers lose the whole lane's worth of processor time (ADR 0008, amendment of session 25). When the last
 * read ends during the gap, the waiting writes go at once, as always.
 */
final class WriteLane {
    /** A place in the lane, given back exactly once (by the request's end, or by its cancellation while admitted). */
    static final class Place {
        private final AtomicBoolean given = new AtomicBoolean();
        /** When the place was taken (the lane's clock). */
        private final long since;

        Place(long since) {
            this.since = since;
        }

        /** Whether this is one of the lane's places (false: a write let through with no read in flight). */
        boolean held() {
            return this != NONE;
        }
    }

    private static final Place NONE = new Place(0);

    /** The longest a place stays empty after a write, however long the write held it. */
    static final long MAX_GAP_NANOS = 50_000_000L;

    /** Runs a task after a delay (the lane's gaps); a test runs them by hand. */
    interface Timer {
        void after(long nanos, Runnable task);
    }

    private final int width;
    private final double share;
    private final LongSupplier clock;
    private final Timer timer;
    private final AtomicInteger reads = new AtomicInteger();
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private int busy;
    private long queued;

    private static final class Waiter {
        final MonoSink<Place> sink;
        Place granted;
        boolean cancelled;

        Waiter(MonoSink<Place> sink) {
            this.sink = sink;
        }
    }

    /** @param width writes at once while reads are in flight; 0 or less turns the lane off */
    WriteLane(int width) {
        this(width, 1.0, System::nanoTime, (nanos, task) -> task.run());
    }

    /**
     * @param width writes at once while reads are in flight; 0 or less turns the lane off
     * @param share the share of the time (0 to 1, 1: no gap) a place may be held while reads are in flight
     * @param clock nanoseconds, as {@link System#nanoTime}
     * @param timer runs the end of a gap
     */
    WriteLane(int width, double share, LongSupplier clock, Timer timer) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("the share of the lane must be above 0 and at most 1");
        }
        this.width = width;
        this.share = share;
        this.clock = clock;
        this.timer = timer;
    }

    void readStarted() {
        reads.incrementAndGet();
    }

    /** A read answered; the last one in flight lets every waiting write go. */
    void readEnded() {
        if (reads.decrementAndGet() == 0) {
            releaseWaiting();
        }
    }

    /**
     * With no read in flight, every waiting write goes, in order of arrival, holding no place (as a write arriving
     * now would). Checked under the lock: a read started meanwhile keeps them waiting, and its own end releases them.
     */
    private void releaseWaiting() {
        List<Waiter> go;
        synchronized (this) {
            if (reads.get() != 0 || waiting.isEmpty()) {
                return;
            }
            go = new ArrayList<>(waiting);
            waiting.clear();
            for (Waiter w : go) {
                w.granted = NONE;
            }
        }
        for (Waiter w : go) {
            w.sink.success(NONE);
        }
    }

    /**
     * A place for one write: at once when the lane is off, when no read is in flight and nobody waits (a place that
     * holds nothing), or when fewer than {@code width} writes hold one; otherwise once an earlier write gives its back,
     * or once no read is in flight. (Someone waits with no read in flight only between the end of the last read and
     * {@link #releaseWaiting}, which then lets this write go too: nobody is overtaken.)
     */
    Mono<Place> enter() {
        if (width <= 0) {
            return Mono.just(NONE);
        }
        return Mono.create(sink -> {
            Waiter w = new Waiter(sink);
            sink.onCancel(() -> abandon(w));
            Place now = null;
            synchronized (this) {
                if (w.cancelled) {
                    return;
                }
                if (reads.get() == 0 && waiting.isEmpty()) {
                    now = NONE;
                } else if (busy < width) {
                    busy++;
                    now = new Place(clock.getAsLong());
                    w.granted = now;
                } else {
                    waiting.add(w);
                    queued++;
                }
            }
            if (now != null) {
                sink.success(now);
            }
        });
    }

    /**
     * Gives a place back, to the first write waiting if any (or, with no read in flight, lets every waiting write go);
     * while reads are in flight and the lane has a share below 1, only after the place's gap. A second call for the
     * same place does nothing.
     */
    void leave(Place p) {
        if (p == NONE || !p.given.compareAndSet(false, true)) {
            return;
        }
        long gap = 0;
        if (share < 1 && reads.get() > 0) {
            long held = Math.max(0, clock.getAsLong() - p.since);
            gap = Math.min(MAX_GAP_NANOS, Math.round(held * (1 - share) / share));
        }
        if (gap > 0) {
            timer.after(gap, this::passOn); // the place stays taken (busy unchanged) until then
        } else {
            passOn();
        }
    }

    /** The place given back goes to the first write waiting, or is freed (every waiting write goes with no read). */
    private void passOn() {
        Waiter next;
        synchronized (this) {
            next = reads.get() == 0 ? null : waiting.poll();
            if (next == null) {
                busy--;
            } else {
                next.granted = new Place(clock.getAsLong()); // busy stays: the place passes on
            }
        }
        if (next != null) {
            next.sink.success(next.granted);
        } else {
            releaseWaiting();
        }
    }

    /** A waiting write that went away (its client closed): out of the queue, or its place given on if it had one. */
    private void abandon(Waiter w) {
        Place orphan;
        synchronized (this) {
            w.cancelled = true;
            orphan = waiting.remove(w) ? null : w.granted;
        }
        if (orphan != null) {
            leave(orphan);
        }
    }

    /** Writes holding a place now. */
    synchronized int busy() {
        return busy;
    }

    /** Writes waiting for a place now. */
    synchronized int waiting() {
        return waiting.size();
    }

    /** Writes that have waited for a place since the start. */
    synchronized long queuedSoFar() {
        return queued;
    }

    int readsInFlight() {
        return reads.get();
    }
}
