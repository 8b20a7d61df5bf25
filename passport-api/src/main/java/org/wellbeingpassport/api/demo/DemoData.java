package org.wellbeingpassport.api.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wellbeingpassport.api.auth.AuthSettings;
import org.wellbeingpassport.api.passport.PassportImporter;
import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.example.ExamplePassports;

/**
 * Loads the demo: six residents with rich passports and the choices they made, their sign-ins, and optionally
 * {@code passport.demo.generated} generated passports for load tests (in the background, with progress). Idempotent:
 * a passport already there is left as it is.
 */
@Singleton
@Requires(property = "passport.demo.enabled", value = "true")
public class DemoData implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger("passport.demo");
    private static volatile String issuer = "urn:wellbeing-passport";

    private final PassportImporter importer;
    private final ResidentAccounts accounts;
    private final PassportStore store;
    private final int generated;
    private final int loaders;
    private volatile boolean generatedDone;

    public DemoData(PassportImporter importer, ResidentAccounts accounts, PassportStore store, AuthSettings auth,
            @Value("${passport.demo.generated:0}") int generated,
            @Value("${passport.demo.generated-threads:8}") int loaders) {
        this.importer = importer;
        this.accounts = accounts;
        this.store = store;
        this.generated = generated;
        this.loaders = Math.max(1, loaders);
        DemoData.issuer = auth.getIssuer();
    }

    /** The account of Ikenna's mother, whom he delegates to. */
    static String carerAccount() {
        return issuer + "|carer:" + DemoPeople.CARER_KEY;
    }

    static String residentAccount(String key) {
        return issuer + "|resident:" + key;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        Instant now = Instant.now();
        int loaded = 0;
        int erased = 0;
        for (ExamplePassports.NamedResident r : ExamplePassports.named()) {
            if (store.erased(r.patientId())) {
                erased++; // the resident left: never started again, nor signed in (ADR 0014)
                continue;
            }
            if (importer.importPassport(r.patientId(), resources(r.passport()),
                    DemoDirectives.forResident(r.key(), now))) {
                loaded++;
            }
            accounts.link(residentAccount(r.key()), r.patientId());
        }
        LOG.info("Demo: {} example residents ready ({} newly loaded, {} erased and not loaded again)",
                ExamplePassports.named().size() - erased, loaded, erased);
        if (generated > 0) {
            Thread t = new Thread(() -> loadGenerated(now), "demo-generated-loader");
            t.setDaemon(true);
            t.start();
        } else {
            generatedDone = true;
        }
    }

    public boolean generatedLoaded() {
        return generatedDone;
    }

    /** Whether {@code key} names one of the generated residents (gen-000000 onwards) that this demo loads. */
    public boolean isGenerated(String key) {
        if (key == null || !key.matches("gen-\\d{6}")) {
            return false;
        }
        int index = Integer.parseInt(key.substring(4));
        return index < generated && ExamplePassports.generatedPatientId(index).equals(key);
    }

    /**
     * Generated passports, {@code passport.demo.generated-threads} (PASSPORT_DEMO_GENERATED_THREADS, default 8) at a
     * time: each of their writes waits for the on-disk store's durable commit, which concurrent writers share (ADR
     * 0014), so more loaders than cores fill faster. One already stored is not generated again, so a server started
     * again on the same data is ready at once. Progress (count, seconds, per second) is logged every 1,000.
     */
    private void loadGenerated(Instant now) {
        long start = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger added = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(loaders, r -> {
            Thread t = new Thread(r, "demo-generated-loader");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < generated; i++) {
            int index = i;
            pool.execute(() -> {
                String id = ExamplePassports.generatedPatientId(index);
                if (store.erased(id)) {
                    done.incrementAndGet();
                    return;
                }
                if (!store.exists(id) && importer.importPassport(id, resources(ExamplePassports.generated(index)),
                        DemoDirectives.forGenerated(now))) {
                    added.incrementAndGet();
                }
                // each generated resident can sign in (POST /demo/token?user=gen-000042), for the write benchmark;
                // looked up first: on a start on the same data that is a read, where linking again would be a write
                // (refused as a duplicate, but waiting for a commit of the on-disk store all the same)
                String account = residentAccount(id);
                if (!accounts.ownsAPassport(account)) {
                    accounts.link(account, id);
                }
                int n = done.incrementAndGet();
                if (n % 1000 == 0 || n == generated) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    LOG.info("Demo: generated passports {} / {} ({} new, {} s, {}/s)", n, generated, added.get(),
                            Math.round(seconds), Math.round(added.get() / Math.max(seconds, 0.001)));
                }
            });
        }
        pool.shutdown();
        try {
            pool.awaitTermination(1, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        generatedDone = true;
        LOG.info("Demo: all {} generated passports ready", generated);
    }

    /** The bundle's resources, without its own directives: the demo's choices (DemoDirectives) replace them. */
    static List<ObjectNode> resources(Bundle bundle) {
        List<ObjectNode> list = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            if (e.getResource() instanceof org.hl7.fhir.r4.model.Consent) {
                continue;
            }
            list.add(Fhir.tree(e.getResource()));
        }
        return list;
    }
}
