package org.wellbeingpassport.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.TwoInstances;

/**
 * Which passport an account owns, remembered for a short while: two instances (two MongoStores, each with its own
 * driver client) on one real wire-protocol server. What one instance links or unlinks it knows at once; another
 * knows it once what it remembered runs out; "no passport" is never remembered; whether an account may start a
 * passport is always asked of the store.
 */
class ResidentAccountsTest {
    final TwoInstances stores = new TwoInstances(); // new for each test (JUnit makes an instance per test)

    @AfterEach
    void stop() {
        stores.close();
    }

    @Test
    void whatAnInstanceChangesItKnowsAtOnce() {
        ResidentAccounts a = new ResidentAccounts(stores.one, Duration.ofHours(1));
        assertEquals(Optional.empty(), a.passportOf("iss|alex"));
        assertTrue(a.link("iss|alex", "rid-1"));
        assertEquals(Optional.of("rid-1"), a.passportOf("iss|alex"), "a link is seen at once, though 'none' was asked");
        assertFalse(a.link("iss|alex", "rid-2"), "one passport an account");
        a.unlink("iss|alex");
        assertEquals(Optional.empty(), a.passportOf("iss|alex"), "its own unlink is seen at once");
        assertFalse(a.ownsAPassport("iss|alex"));
        assertTrue(a.link("iss|alex", "rid-3"));
        assertEquals(Optional.of("rid-3"), a.passportOf("iss|alex"));
    }

    @Test
    void anotherInstanceSeesAnUnlinkOnceWhatItRememberedRunsOut() throws InterruptedException {
        ResidentAccounts a = new ResidentAccounts(stores.one, Duration.ofHours(1));
        ResidentAccounts b = new ResidentAccounts(stores.two, Duration.ofMillis(300));
        ResidentAccounts c = new ResidentAccounts(stores.two, Duration.ofHours(1));
        assertTrue(a.link("iss|sam", "rid-erased"));
        assertEquals(Optional.of("rid-erased"), b.passportOf("iss|sam"));
        assertEquals(Optional.of("rid-erased"), c.passportOf("iss|sam"));
        a.unlink("iss|sam"); // erasure, on instance a
        assertTrue(a.link("iss|sam", "rid-new")); // and a passport started again, there
        assertEquals(Optional.of("rid-erased"), c.passportOf("iss|sam"),
                "remembered: the store is not asked again within the time (the erased id, as the class says)");
        assertTrue(c.ownsAPassport("iss|sam"), "whether a passport may be started is asked of the store");
        Thread.sleep(400);
        assertEquals(Optional.of("rid-new"), b.passportOf("iss|sam"), "asked again once the time ran out");
    }

    @Test
    void lookupsUnderWayDuringAnUnlinkNeverLeaveItRememberedHere() throws Exception {
        ResidentAccounts a = new ResidentAccounts(stores.one, Duration.ofHours(1));
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ExecutorService lookups = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            for (int t = 0; t < 3; t++) {
                lookups.submit(() -> {
                    while (!stop.get()) {
                        a.passportOf("iss|lee");
                    }
                });
            }
            for (int round = 0; round < 200; round++) {
                assertTrue(a.link("iss|lee", "rid-" + round));
                assertEquals(Optional.of("rid-" + round), a.passportOf("iss|lee"));
                a.unlink("iss|lee");
                assertEquals(Optional.empty(), a.passportOf("iss|lee"),
                        "round " + round + ": an unlink made here is seen at once, whatever lookups were under way");
            }
        } finally {
            stop.set(true);
            lookups.shutdown();
            assertTrue(lookups.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @Test
    void noPassportIsNeverRemembered() {
        ResidentAccounts a = new ResidentAccounts(stores.one, Duration.ofHours(1));
        ResidentAccounts b = new ResidentAccounts(stores.two, Duration.ofHours(1));
        assertEquals(Optional.empty(), b.passportOf("iss|kim"));
        assertFalse(b.ownsAPassport("iss|kim"));
        assertTrue(a.link("iss|kim", "rid-k"));
        assertEquals(Optional.of("rid-k"), b.passportOf("iss|kim"), "a link made elsewhere is found at once");
        assertTrue(b.ownsAPassport("iss|kim"));
    }
}
