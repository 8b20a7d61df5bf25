package org.wellbeingpassport.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** The reads-first lane on its own: who goes at once, who waits, in which order, and that no place is ever lost. */
class WriteLaneTest {

    /** Subscribes and returns what was admitted so far (null while waiting). */
    private static AtomicReference<WriteLane.Place> enter(WriteLane lane, List<Disposable> keep) {
        AtomicReference<WriteLane.Place> got = new AtomicReference<>();
        keep.add(lane.enter().subscribe(got::set));
        return got;
    }

    @Test
    void withNoReadInFlightWritesAreNotHeld() {
        WriteLane lane = new WriteLane(1);
        List<Disposable> keep = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            assertNotNull(enter(lane, keep).get(), "write " + i + " held although nobody reads");
        }
        assertEquals(0, lane.busy());
        assertEquals(0, lane.waiting());
    }

    @Test
    void offAdmitsEveryWriteEvenWhileReadsRun() {
        WriteLane lane = new WriteLane(0);
        lane.readStarted();
        List<Disposable> keep = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            assertNotNull(enter(lane, keep).get());
        }
        assertEquals(0, lane.waiting());
    }

    @Test
    void whileReadsRunAtMostWidthWritesGoAndTheRestWaitInOrder() {
        WriteLane lane = new WriteLane(2);
        lane.readStarted();
        List<Disposable> keep = new ArrayList<>();
        AtomicReference<WriteLane.Place> a = enter(lane, keep);
        AtomicReference<WriteLane.Place> b = enter(lane, keep);
        AtomicReference<WriteLane.Place> c = enter(lane, keep);
        AtomicReference<WriteLane.Place> d = enter(lane, keep);
        assertNotNull(a.get());
        assertNotNull(b.get());
        assertNull(c.get(), "a third write went while two held the lane");
        assertNull(d.get());
        assertEquals(2, lane.busy());
        assertEquals(2, lane.waiting());
        assertEquals(2, lane.queuedSoFar());

        lane.leave(b.get());
        assertNotNull(c.get(), "the first to wait is the first to go");
        assertNull(d.get());
        lane.leave(b.get()); // given back twice: the second does nothing
        assertNull(d.get(), "a place given back twice let one more write in");
        assertEquals(2, lane.busy());

        lane.leave(a.get());
        assertNotNull(d.get());
        lane.leave(c.get());
        lane.leave(d.get());
        assertEquals(0, lane.busy());
        assertEquals(0, lane.waiting());
    }

    @Test
    void aWriteArrivingAfterReadsEndedDoesNotOvertakeThoseWaiting() {
        WriteLane lane = new WriteLane(1);
        lane.readStarted();
        List<Disposable> keep = new ArrayList<>();
        AtomicReference<WriteLane.Place> first = enter(lane, keep);
        AtomicReference<WriteLane.Place> second = enter(lane, keep);
        lane.readEnded();
        AtomicReference<WriteLane.Place> late = enter(lane, keep);
        assertNull(second.get());
        assertNull(late.get(), "a write with nobody reading jumped the queue");
        lane.leave(first.get());
        assertNotNull(second.get());
        assertNull(late.get());
        lane.leave(second.get());
        assertNotNull(late.get());
        lane.leave(late.get());
        assertEquals(0, lane.busy());
    }

    @Test
    void aWaitingWriteWhoseClientLeftGivesUpItsTurn() {
        WriteLane lane = new WriteLane(1);
        lane.readStarted();
        List<Disposable> keep = new ArrayList<>();
        AtomicReference<WriteLane.Place> first = enter(lane, keep);
        AtomicReference<WriteLane.Place> gone = new AtomicReference<>();
        Disposable goneSubscription = lane.enter().subscribe(gone::set);
        AtomicReference<WriteLane.Place> third = enter(lane, keep);
        assertEquals(2, lane.waiting());
        goneSubscription.dispose(); // the client closed its connection while waiting
        assertEquals(1, lane.waiting());
        lane.leave(first.get());
        assertNull(gone.get());
        assertNotNull(third.get(), "the place went to a write that was no longer there");
        lane.leave(third.get());
        assertEquals(0, lane.busy());
    }

    @Test
    void usedAsTheFilterUsesItNoPlaceIsLostWhateverTheEnding() {
        WriteLane lane = new WriteLane(1);
        lane.readStarted();
        // ends normally, with an error, and by cancellation while running
        Mono.usingWhen(lane.enter(), p -> Mono.just("ok"), p -> Mono.fromRunnable(() -> lane.leave(p))).block();
        Mono.usingWhen(lane.enter(), p -> Mono.error(new IllegalStateException("refused")),
                p -> Mono.fromRunnable(() -> lane.leave(p))).onErrorResume(e -> Mono.empty()).block();
        Disposable running = Mono
                .usingWhen(lane.enter(), p -> Mono.never(), p -> Mono.fromRunnable(() -> lane.leave(p))).subscribe();
        assertEquals(1, lane.busy());
        running.dispose();
        assertEquals(0, lane.busy());
        assertEquals(0, lane.waiting());
    }

    @Test
    void underConcurrencyNeverMoreThanWidthAtOnceAndNothingLeftBehind() throws Exception {
        int width = 2;
        WriteLane lane = new WriteLane(width);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        int threads = 8;
        int rounds = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch finished = new CountDownLatch(threads);
        lane.readStarted();
        try {
            pool.submit(() -> { // reads start and end throughout
                while (finished.getCount() > 0) {
                    lane.readStarted();
                    Thread.onSpinWait();
                    lane.readEnded();
                }
            });
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    try {
                        for (int i = 0; i < rounds; i++) {
                            Mono.usingWhen(lane.enter(), p -> Mono.fromCallable(() -> {
                                if (p.held()) {
                                    int now = inside.incrementAndGet();
                                    most.accumulateAndGet(now, Math::max);
                                    Thread.yield();
                                    inside.decrementAndGet();
                                }
                                return done.incrementAndGet();
                            }), p -> Mono.fromRunnable(() -> lane.leave(p))).block(java.time.Duration.ofSeconds(10));
                        }
                    } finally {
                        finished.countDown();
                    }
                });
            }
            assertTrue(finished.await(60, TimeUnit.SECONDS), "writers stuck in the lane");
        } finally {
            pool.shutdownNow();
        }
        lane.readEnded();
        assertEquals(threads * rounds, done.get());
        assertEquals(0, lane.busy(), "places not given back");
        assertEquals(0, lane.waiting());
        assertTrue(most.get() <= width, "writes in the lane at once: " + most.get());
        assertTrue(lane.queuedSoFar() > 0, "the lane never held a write: the test did not test it");
    }
}
