package org.wellbeingpassport.api.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 */
final class WriteLane {
    /** A place in the lane, given back exactly once (by the request's end, or by its cancellation while admitted). */
    static final class Place {
        private final AtomicBoolean given = new AtomicBoolean();

        /** Whether this is one of the lane's places (false: a write let through with no read in flight). */
        boolean held() {
            return this != NONE;
        }
    }

    private static final Place NONE = new Place();

    private final int width;
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
        this.width = width;
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
                    now = new Place();
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
     * Gives a place back, to the first write waiting if any (or, with no read in flight, lets every waiting write go).
     * A second call for the same place does nothing.
     */
    void leave(Place p) {
        if (p == NONE || !p.given.compareAndSet(false, true)) {
            return;
        }
        Waiter next;
        synchronized (this) {
            next = reads.get() == 0 ? null : waiting.poll();
            if (next == null) {
                busy--;
            } else {
                next.granted = new Place(); // busy stays: the place passes on
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
