package org.wellbeingpassport.api.passport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.api.store.PassportSnapshot;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.StoredResource;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.path.ResourceItems;
import org.wellbeingpassport.keys.ElementCipher;

/**
 * Passports made ready for reading, kept per instance for the hot path, and never trusted without asking the store:
 * every read first fetches the passport's aggregate version and start time (two fields, by {@code _id}); only a copy
 * of exactly that passport at exactly that version is used, anything else is read again whole. Every change to a passport (a resource, the directives, a
 * grant, a delegation, a dispute) raises that version, so revocation and expiry act on the very next read, on every
 * instance, and an erased passport is gone at once.
 *
 * <p>
 * What is kept is the stored form (sealed elements still sealed, narrative left out) plus what is derived from the structure: data items,
 * references, open disputes, the parsed directives. Decryption, decision, redaction and audit happen on every read.
 *
 * <p>
 * A write made through this instance hands its copy on to the version the write made ({@link #written}), when the
 * store's head shows that the write was the only change since the version kept; the next read then finds the copy
 * current instead of reading the passport whole again.
 */
@Singleton
public final class PreparedPassports {
    private final PassportStore store;
    private final SealedElements sealed;
    private final DirectiveStore directives;
    private final Cache<String, PreparedPassport> cache;
    private final DecidedDisclosures decided;
    private final java.util.concurrent.atomic.AtomicLong handedOn = new java.util.concurrent.atomic.AtomicLong();

    public PreparedPassports(PassportStore store, SealedElements sealed, DirectiveStore directives,
            @Value("${passport.read-cache.max-mb:512}") long maxMegabytes, DecidedDisclosures decided) {
        this.decided = decided;
        this.store = store;
        this.sealed = sealed;
        this.directives = directives;
        this.cache = Caffeine.newBuilder().maximumWeight(Math.max(0, maxMegabytes) * 1024 * 1024)
                .weigher((String k, PreparedPassport p) -> (int) Math.min(Integer.MAX_VALUE, p.weightBytes()))
                .recordStats().build();
        org.wellbeingpassport.api.http.CacheMeters.monitor(cache, "prepared_passports");
    }

    /** The passport as it is now, or empty when there is none. */
    public Optional<PreparedPassport> current(String residentId) {
        Optional<PassportStore.Version> version = store.version(residentId);
        if (version.isEmpty()) {
            cache.invalidate(residentId);
            decided.forget(residentId);
            return Optional.empty();
        }
        PreparedPassport kept = cache.getIfPresent(residentId);
        if (kept != null && kept.at().equals(version.get())) {
            return Optional.of(kept);
        }
        Optional<PassportSnapshot> snapshot = store.snapshot(residentId);
        if (snapshot.isEmpty()) {
            cache.invalidate(residentId);
            decided.forget(residentId);
            return Optional.empty();
        }
        PreparedPassport fresh = prepare(snapshot.get());
        // keep the newest: a slower reader of an older version must not replace a newer copy
        cache.asMap()
                .merge(residentId, fresh,
                        (old, now) -> now.at().created() > old.at().created()
                                || (now.at().created() == old.at().created() && now.version() >= old.version())
                                        ? now
                                        : old);
        return Optional.of(fresh);
    }

    /**
     * Drops this instance's copy and the disclosures decided on it (after an erasure, so not even a stale copy stays
     * in memory).
     */
    public void forget(String residentId) {
        cache.invalidate(residentId);
        decided.forget(residentId);
    }

    /** Makes a snapshot ready for reading (its trees are changed: it is not to be used afterwards). */
    PreparedPassport prepare(PassportSnapshot snapshot) {
        String residentId = snapshot.residentId();
        List<PreparedPassport.Resource> resources = new ArrayList<>(snapshot.resources().size());
        List<byte[]> storedForms = new ArrayList<>(snapshot.resources().size());
        for (PassportSnapshot.Resource r : snapshot.resources()) {
            storedForms.add(storedForm(residentId, r.tree(), r.sealed()));
        }
        Map<String, Map<String, List<String>>> disputes = Disputes.openByResource(snapshot);
        long weight = 256;
        for (int k = 0; k < snapshot.resources().size(); k++) {
            PassportSnapshot.Resource r = snapshot.resources().get(k);
            PreparedPassport.Resource prepared = resource(residentId, r.type(), r.id(), r.version(), r.tree(),
                    storedForms.get(k), r.sealed(), disputes);
            resources.add(prepared);
            weight += weightOf(prepared);
        }
        return new PreparedPassport(residentId, snapshot.at(), directives.current(snapshot), resources, weight,
                disputes);
    }

    /**
     * The stored form of a resource as kept (sealed elements still sealed, no narrative), and the tree unsealed in
     * place for the items to be derived from (it is not kept).
     */
    private byte[] storedForm(String residentId, ObjectNode tree, boolean isSealed) {
        // what others read carries no narrative: it may repeat anything, and dropping it only where something is
        // withheld would show that something was (a resource sealed whole loses it when read: PassportReader)
        tree.remove("text");
        byte[] stored = Fhir.writeBytes(tree);
        if (isSealed) {
            sealed.unseal(residentId, tree);
        }
        return stored;
    }

    private static PreparedPassport.Resource resource(String residentId, String type, String id, long version,
            ObjectNode unsealed, byte[] stored, boolean isSealed, Map<String, Map<String, List<String>>> disputes) {
        ResourceItems items = ResourceItems.of(residentId, unsealed, disputes.getOrDefault(type + "/" + id, Map.of()));
        Set<String> references = new HashSet<>();
        collectReferences(unsealed, references);
        return new PreparedPassport.Resource(type, id, version, stored, isSealed, items, references);
    }

    /** The stored bytes plus a rough allowance for the items' paths and the references. */
    private static long weightOf(PreparedPassport.Resource r) {
        return r.stored().length + 64L * r.items().items().stream().mapToLong(i -> i.elements().size()).sum() + 512;
    }

    /**
     * Hands this instance's copy on after a change it has just made (docs/adr/0007-prepared-passports.md, amended
     * 2026-12-04): {@code written} are the new versions of existing resources that ONE change (one compare-and-set
     * of the passport) made current, as the store returned them. When this instance holds the passport at version
     * {@code n}, holding each of them at exactly the version before, and the passport's head, read now, after the
     * change, is at {@code n + 1} of the same passport, then the passport at {@code n + 1} is exactly the one at
     * {@code n} with these resources replaced, and the copy at {@code n + 1} is made from the kept one and what was
     * written instead of being read whole and prepared again at the next read. In every other case nothing is
     * changed here (the next read finds the version moved and reads the passport again, as before). A change of the
     * directives (Consent) or of a Task (disputes) is never handed on: they change how other resources are read.
     */
    public void written(String residentId, List<StoredResource> written) {
        written(residentId, written, Optional.empty());
    }

    /**
     * As {@link #written(String, List)}, told the compare-and-set the change made ({@code step}, when the writer made
     * it): then nothing is read. The copy goes on exactly when it is at the step's {@code from} of the same passport,
     * to the step's {@code to}: that compare-and-set alone took the passport from one to the other (ADR 0007, amended
     * 2026-12-05). Without a step the head is read, as above.
     */
    public void written(String residentId, List<StoredResource> written, Optional<PassportStore.Step> step) {
        PreparedPassport kept = cache.getIfPresent(residentId);
        if (kept == null || written.isEmpty()) {
            return;
        }
        Map<String, StoredResource> byRef = new HashMap<>();
        for (StoredResource w : written) {
            if (!w.residentId().equals(residentId) || w.type().equals("Task") || w.type().equals(DirectiveStore.TYPE)
                    || byRef.put(w.type() + "/" + w.id(), w) != null) {
                return;
            }
        }
        int found = 0;
        for (PreparedPassport.Resource r : kept.resources()) {
            StoredResource w = byRef.get(r.ref());
            if (w != null) {
                if (r.version() != w.version() - 1) {
                    return; // not the version just before: another change came between
                }
                found++;
            }
        }
        if (found != byRef.size()) {
            return; // a resource the copy does not hold (a new one): where it goes is the store's to say
        }
        PassportStore.Version at;
        if (step.isPresent()) {
            PassportStore.Step s = step.get();
            if (s.created() != kept.at().created() || s.from() != kept.at().ver()) {
                return; // the copy is not the passport this change started from
            }
            at = new PassportStore.Version(s.created(), s.to());
        } else {
            // read after the change returned: at most one compare-and-set of the passport came after version n
            Optional<PassportStore.Version> head = store.version(residentId);
            if (head.isEmpty() || head.get().created() != kept.at().created()
                    || head.get().ver() != kept.at().ver() + 1) {
                return;
            }
            at = head.get();
        }
        List<PreparedPassport.Resource> resources = new ArrayList<>(kept.resources().size());
        long weight = 256;
        for (PreparedPassport.Resource r : kept.resources()) {
            StoredResource w = byRef.get(r.ref());
            if (w != null) {
                ObjectNode tree = Fhir.tree(w.json());
                // as the store sets its flag (PassportStore#entry)
                boolean isSealed = w.json().contains(ElementCipher.TOKEN_PREFIX);
                byte[] stored = storedForm(residentId, tree, isSealed);
                r = resource(residentId, w.type(), w.id(), w.version(), tree, stored, isSealed, kept.disputes());
            }
            resources.add(r);
            weight += weightOf(r);
        }
        PreparedPassport next = new PreparedPassport(residentId, at, kept.directives(), resources, weight,
                kept.disputes());
        // only over the very copy this was made from: a reader may have put the same or a newer version meanwhile
        if (cache.asMap().computeIfPresent(residentId, (k, now) -> now == kept ? next : now) == next) {
            handedOn.incrementAndGet();
        }
    }

    /** The copy kept now, whatever its version (tests: it is never served without the version check). */
    Optional<PreparedPassport> kept(String residentId) {
        return Optional.ofNullable(cache.getIfPresent(residentId));
    }

    /** How many copies {@link #written} made from the version before (tests). */
    long handedOn() {
        return handedOn.get();
    }

    /**
     * Every {@code Type/id} a tree references, in each form that JsonRedactor.removeReferences matches (the value
     * itself and its last two segments), so that a read can tell whether any reference needs removing at all.
     */
    static void collectReferences(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            Iterator<java.util.Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                java.util.Map.Entry<String, JsonNode> f = fields.next();
                JsonNode v = f.getValue();
                if (f.getKey().equals("reference") && v.isTextual()) {
                    String r = v.textValue();
                    into.add(r);
                    int slash = r.lastIndexOf('/');
                    if (slash > 0) {
                        int prev = r.lastIndexOf('/', slash - 1);
                        if (prev >= 0) {
                            into.add(r.substring(prev + 1));
                        }
                    }
                } else if (v.isContainerNode()) {
                    collectReferences(v, into);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode v : node) {
                if (v.isContainerNode()) {
                    collectReferences(v, into);
                }
            }
        }
    }
}
