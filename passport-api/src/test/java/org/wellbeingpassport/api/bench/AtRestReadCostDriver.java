package org.wellbeingpassport.api.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.passport.PreparedPassports;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.api.store.PassportSnapshot;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.fhir.example.ExamplePassports;
import org.wellbeingpassport.fhir.store.StorageForm;

/**
 * The read path's cost of sealing every stored resource (ADR 0014), measured where it is paid: a prepared passport
 * made from the store (a cache miss; a hit pays nothing more, its check reads the head only). The demo passports, each
 * prepared {@code -Dcost.rounds} times sealed, then the same passports rewritten in the clear (the form before the
 * envelope) and prepared as often, twice alternating. Not in the test command (a driver): run with
 * {@code mvn -pl passport-api -am verify -Dtest=AtRestReadCostDriver -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class AtRestReadCostDriver {
    @Inject
    PassportStore store;
    @Inject
    PreparedPassports prepared;
    @Inject
    MongoStore mongo;

    @Test
    void measure() {
        int rounds = Integer.getInteger("cost.rounds", 300);
        List<String> residents = new ArrayList<>();
        ExamplePassports.named().forEach(r -> residents.add(r.patientId()));
        List<String> sealedTrees = trees(residents);
        time(residents, rounds); // warm-up
        double[] plain = new double[2];
        double[] sealed = new double[2];
        var passports = mongo.database().getCollection(PassportStore.PASSPORTS);
        for (int pass = 0; pass < 2; pass++) {
            sealed[pass] = time(residents, rounds);
            toPlain(residents);
            assertFalse(passports.find(new Document("_id", residents.get(0))).first().toJson().contains("_wpStored"));
            assertEquals(sealedTrees, trees(residents), "both forms read the same");
            plain[pass] = time(residents, rounds);
            store.sealStoredInTheClear(n -> {
            });
            assertTrue(passports.find(new Document("_id", residents.get(0))).first().toJson().contains("_wpStored"));
        }
        System.out.printf(
                "prepare a passport from the store (cache miss), %d demo passports x %d, alternating:"
                        + " sealed %.0f / %.0f us, plain %.0f / %.0f us%n",
                residents.size(), rounds, sealed[0], sealed[1], plain[0], plain[1]);
    }

    /** The passports as they were stored before the envelope: every resource in the clear. */
    private void toPlain(List<String> residents) {
        var passports = mongo.database().getCollection(PassportStore.PASSPORTS);
        for (String rid : residents) {
            PassportSnapshot s = store.snapshot(rid).orElseThrow();
            Document set = new Document();
            for (PassportSnapshot.Resource r : s.resources()) {
                set.append("res." + (r.type() + "/" + r.id()).replace(".", "%2E") + ".r",
                        StorageForm.toDocument(r.tree()));
            }
            passports.updateOne(new Document("_id", rid), new Document("$set", set));
        }
    }

    private List<String> trees(List<String> residents) {
        List<String> out = new ArrayList<>();
        for (String rid : residents) {
            out.add(store.snapshot(rid).orElseThrow().resources().stream().map(r -> r.tree().toString()).sorted()
                    .toList().toString());
        }
        return out;
    }

    /** Microseconds per prepared passport made from the store. */
    private double time(List<String> residents, int rounds) {
        for (int i = 0; i < rounds / 3; i++) {
            for (String rid : residents) {
                prepared.forget(rid);
                prepared.current(rid).orElseThrow();
            }
        }
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            for (String rid : residents) {
                prepared.forget(rid);
                prepared.current(rid).orElseThrow();
            }
        }
        return (System.nanoTime() - start) / 1000.0 / rounds / residents.size();
    }
}
