package org.wellbeingpassport.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void whenTheLastReadEndsEveryWaitingWriteGoesInOrderAndALaterOneIsNotHeld() {
        WriteLane lane = new WriteLane(1);
        lane.readStarted();
        lane.readStarted();
        List<Disposable> keep = new ArrayList<>();
        AtomicReference<WriteLane.Place> first = enter(lane, keep);
        List<Integer> order = new ArrayList<>();
        List<AtomicReference<WriteLane.Place>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int k = i;
            AtomicReference<WriteLane.Place> got = new AtomicReference<>();
            keep.add(lane.enter().subscribe(p -> {
                order.add(k);
                got.set(p);
            }));
            waiting.add(got);
        }
        assertEquals(3, lane.waiting());
        lane.readEnded();
        assertNull(waiting.get(0).get(), "writes went while a read was still being answered");
        lane.readEnded(); // the last read: nobody is left to go first for
        for (AtomicReference<WriteLane.Place> w : waiting) {
            assertNotNull(w.get(), "a write still waits with no read in flight");
            assertFalse(w.get().held(), "a write let go with no read in flight holds a place");
        }
        assertEquals(List.of(0, 1, 2), order, "not let go in order of arrival");
        assertEquals(0, lane.waiting());
        assertNotNull(enter(lane, keep).get(), "a write arriving with no read in flight was held");
        lane.leave(first.get());
        assertEquals(0, lane.busy());
        assertEquals(0, lane.waiting());
    }

    /**
     * The regression of session 23: a queue formed during one read outlived it, since every later write joined it
     * because someone waited; under steady writes one read (a health check, a metrics scrape) left them one at a time
     * for good. Here: writers always busy, one read comes and goes, then no write may wait.
     */
    @Test
    void oneReadDuringSteadyWritesDoesNotLeaveThemOneAtATimeAfterIt() {
        WriteLane lane = new WriteLane(1);
        List<Disposable> keep = new ArrayList<>();
        java.util.ArrayDeque<AtomicReference<WriteLane.Place>> running = new java.util.ArrayDeque<>();
        for (int i = 0; i < 4; i++) {
            running.add(enter(lane, keep)); // four writers under way, nobody reading: none held
        }
        lane.readStarted();
        for (int i = 0; i < 4; i++) {
            running.add(enter(lane, keep)); // they come back for their next write during the read
        }
        assertEquals(3, lane.waiting(), "the lane did not hold writes during the read (the test tests nothing)");
        lane.readEnded();
        // each writer finishes and comes back, many times over, with no read in flight
        for (int round = 0; round < 40; round++) {
            AtomicReference<WriteLane.Place> done = running.poll();
            assertNotNull(done.get(), "a write still waited " + round + " writes after the read had ended");
            lane.leave(done.get());
            running.add(enter(lane, keep));
        }
        assertEquals(0, lane.waiting(), "writes queue with no read in flight");
        for (AtomicReference<WriteLane.Place> r : running) {
            assertNotNull(r.get());
            lane.leave(r.get());
        }
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
        underConcurrency(new WriteLane(2), 2);
    }

    @Test
    void withGapsUnderConcurrencyNeverMoreThanWidthAtOnceAndNothingLeftBehind() throws Exception {
        java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            underConcurrency(new WriteLane(2, 0.5, System::nanoTime,
                    (nanos, task) -> timer.schedule(task, nanos, TimeUnit.NANOSECONDS)), 2);
        } finally {
            timer.shutdownNow();
        }
    }

    private static void underConcurrency(WriteLane lane, int width) throws Exception {
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
        for (int i = 0; i < 200 && lane.busy() > 0; i++) {
            Thread.sleep(5); // a gap still running (at most WriteLane.MAX_GAP_NANOS) frees its place when it ends
        }
        assertEquals(0, lane.busy(), "places not given back");
        assertEquals(0, lane.waiting());
        assertTrue(most.get() <= width, "writes in the lane at once: " + most.get());
        assertTrue(lane.queuedSoFar() > 0, "the lane never held a write: the test did not test it");
    }

    /** A clock and timer by hand: the gaps' tests decide when time passes and when a gap ends. */
    private static final class Hand {
        long now;
        final java.util.ArrayDeque<long[]> delays = new java.util.ArrayDeque<>();
        final java.util.ArrayDeque<Runnable> tasks = new java.util.ArrayDeque<>();

        WriteLane lane(int width, double share) {
            return new WriteLane(width, share, () -> now, (nanos, task) -> {
                delays.add(new long[]{nanos});
                tasks.add(task);
            });
        }

        /** A lane on this clock with one read in flight, as every gap needs. */
        WriteLane reading(int width, double share) {
            WriteLane lane = lane(width, share);
            lane.readStarted();
            return lane;
        }

        /** Ends the earliest gap, returning how long it was. */
        long endGap() {
            tasks.poll().run();
            return delays.poll()[0];
        }
    }

    @Test
    void withAShareAPlaceGivenBackWhileReadsRunStaysEmptyForItsGapThenPassesOn() {
        Hand hand = new Hand();
        WriteLane lane = hand.reading(1, 0.5);
        List<Disposable> keep = new ArrayList<>();
        AtomicReference<WriteLane.Place> a = enter(lane, keep);
        AtomicReference<WriteLane.Place> b = enter(lane, keep);
        assertNotNull(a.get());
        assertNull(b.get());
        hand.now += 8_000_000; // a held its place 8 ms
        lane.leave(a.get());
        assertNull(b.get(), "the next write went without the gap");
        assertEquals(1, lane.busy(), "the place was freed during the gap");
        AtomicReference<WriteLane.Place> c = enter(lane, keep);
        assertNull(c.get(), "a write arriving during the gap took the place");
        assertEquals(8_000_000, hand.endGap(), "half the time: a gap as long as the write held the place");
        assertNotNull(b.get(), "the gap ended and the first waiting did not go");
        assertTrue(b.get().held());
        assertNull(c.get());

        hand.now += 3_000_000;
        lane.leave(b.get());
        assertEquals(3_000_000, hand.endGap());
        assertNotNull(c.get());
        hand.now += 1_000_000;
        lane.leave(c.get());
        assertEquals(1_000_000, hand.endGap());
        assertEquals(0, lane.busy());
        assertEquals(0, lane.waiting());
    }

    @Test
    void aGapIsInProportionToTheShareAndBounded() {
        Hand hand = new Hand();
        WriteLane lane = hand.reading(1, 0.8);
        List<Disposable> keep = new ArrayList<>();
        AtomicReference<WriteLane.Place> a = enter(lane, keep);
        hand.now += 20_000_000;
        lane.leave(a.get());
        assertEquals(5_000_000, hand.endGap(), "80% of the time: 20 ms held, 5 ms empty");
        AtomicReference<WriteLane.Place> slow = enter(lane, keep);
        hand.now += 2_000_000_000L; // a write that held its place 2 s
        lane.leave(slow.get());
        assertEquals(WriteLane.MAX_GAP_NANOS, hand.endGap(), "a gap longer than the bound");
        assertEquals(0, lane.busy());
    }

    @Test
    void withNoReadInFlightOrAFullShareThereIsNoGap() {
        Hand hand = new Hand();
        WriteLane lane = hand.reading(1, 0.5);
        List<Disposable> keep = new ArrayList<>();
        AtomicReference<WriteLane.Place> a = enter(lane, keep);
        lane.readEnded();
        hand.now += 10_000_000;
        lane.leave(a.get());
        assertTrue(hand.tasks.isEmpty(), "a gap with nobody reading");
        assertEquals(0, lane.busy());

        Hand full = new Hand();
        WriteLane whole = full.reading(1, 1.0);
        AtomicReference<WriteLane.Place> x = enter(whole, keep);
        AtomicReference<WriteLane.Place> y = enter(whole, keep);
        full.now += 10_000_000;
        whole.leave(x.get());
        assertTrue(full.tasks.isEmpty(), "a gap with the whole share");
        assertNotNull(y.get(), "back to back: the next write goes at once");
        whole.leave(y.get());
        assertEquals(0, whole.busy());
    }

    @Test
    void whenTheLastReadEndsDuringAGapTheWaitingWritesGoAtOnceAndThePlaceIsFreedAfter() {
        Hand hand = new Hand();
        WriteLane lane = hand.reading(1, 0.5);
        List<Disposable> keep = new ArrayList<>();
        AtomicReference<WriteLane.Place> a = enter(lane, keep);
        AtomicReference<WriteLane.Place> b = enter(lane, keep);
        AtomicReference<WriteLane.Place> c = enter(lane, keep);
        hand.now += 5_000_000;
        lane.leave(a.get());
        assertNull(b.get());
        lane.readEnded();
        assertNotNull(b.get(), "writes still held with no read in flight");
        assertNotNull(c.get());
        assertFalse(b.get().held());
        assertEquals(1, lane.busy(), "the gap's place");
        hand.endGap();
        assertEquals(0, lane.busy(), "the gap's place was not freed when it ended");
        assertEquals(0, lane.waiting());
        assertNotNull(enter(lane, keep).get(), "a write with no read in flight was held");
    }

    @Test
    void aShareOutsideZeroToOneIsRefused() {
        for (double bad : new double[]{0, -0.5, 1.5, Double.NaN}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new WriteLane(1, bad, System::nanoTime, (n, t) -> t.run()), "share " + bad);
        }
    }
}
