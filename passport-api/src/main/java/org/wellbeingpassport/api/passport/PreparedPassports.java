package org.wellbeingpassport.api.passport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.api.store.PassportSnapshot;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.path.ResourceItems;

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
 */
@Singleton
public final class PreparedPassports {
    private final PassportStore store;
    private final SealedElements sealed;
    private final DirectiveStore directives;
    private final Cache<String, PreparedPassport> cache;
    private final DecidedDisclosures decided;

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
            // what others read carries no narrative: it may repeat anything, and dropping it only where something is
            // withheld would show that something was (a resource sealed whole loses it when read: PassportReader)
            r.tree().remove("text");
            storedForms.add(Fhir.writeBytes(r.tree()));
            if (r.sealed()) {
                sealed.unseal(residentId, r.tree());
            }
        }
        Map<String, Map<String, List<String>>> disputes = Disputes.openByResource(snapshot);
        long weight = 256;
        for (int k = 0; k < snapshot.resources().size(); k++) {
            PassportSnapshot.Resource r = snapshot.resources().get(k);
            ObjectNode tree = r.tree();
            byte[] stored = storedForms.get(k);
            ResourceItems items = ResourceItems.of(residentId, tree,
                    disputes.getOrDefault(r.type() + "/" + r.id(), Map.of()));
            Set<String> references = new HashSet<>();
            collectReferences(tree, references);
            resources.add(new PreparedPassport.Resource(r.type(), r.id(), r.version(), stored, r.sealed(), items,
                    references));
            // the stored bytes plus a rough allowance for the items' paths and the references
            weight += stored.length + 64L * items.items().stream().mapToLong(i -> i.elements().size()).sum() + 512;
        }
        return new PreparedPassport(residentId, snapshot.at(), directives.current(snapshot), resources, weight);
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
