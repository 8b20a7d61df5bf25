package org.wellbeingpassport.api.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.passport.Evaluation;
import org.wellbeingpassport.api.passport.SealedElements;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.StoredResource;
import org.wellbeingpassport.fhir.Fhir;

/**
 * Partner reads of a resident's record, all through the gate: {@code $everything} (the whole disclosure, one audit
 * entry), search by patient (the caller's visible resources of a type, in a stable order, paged over what the caller
 * may see, so that neither a page's size nor a next link says anything about what is withheld; each resource sent
 * is recorded as read before it is sent, and so is each resource a {@code _revinclude} reaches), read, version read
 * and history of one resource, and type history.
 */
@Singleton
final class PartnerReads {
    private final Gate gate;
    private final PassportStore store;
    private final SealedElements sealed;
    private final ResourceLocator locator;

    PartnerReads(Gate gate, PassportStore store, SealedElements sealed, ResourceLocator locator) {
        this.gate = gate;
        this.store = store;
        this.sealed = sealed;
        this.locator = locator;
    }

    /** One disclosed resource: its type, id and the tree as it leaves. */
    record Found(String type, String id, ObjectNode resource) {
    }

    /**
     * What {@code Patient/$everything} discloses, as a read would: decided, redacted and recorded by the gate before
     * anything is made of it; empty: the one 404. The resources disclosed are remembered for reads by id and the
     * resident joins this partner's working set.
     */
    private Optional<Evaluation> disclose(PartnerContext ctx, String residentId) {
        if (!FhirJson.isValidId(residentId)) {
            return Optional.empty();
        }
        Optional<Gate.Disclosure> d = gate.passport(ctx.caller(), residentId, ctx.purpose(), ctx.source());
        if (d.isEmpty()) {
            return Optional.empty();
        }
        Evaluation ev = d.get().evaluation();
        locator.remember(residentId, ev.resources());
        locator.rememberResident(ctx.caller().account(), residentId);
        return Optional.of(ev);
    }

    /**
     * {@code Patient/$everything}'s searchset, as bytes: made after the gate recorded the read, around the disclosed
     * resources' own bytes (no tree is made of a resource sent as stored); empty: the one 404.
     */
    Optional<byte[]> everythingBundle(PartnerContext ctx, String residentId) {
        return disclose(ctx, residentId)
                .map(ev -> Bundles.searchset(ctx.base(), ev, ctx.base() + "/Patient/" + residentId + "/$everything"));
    }

    /** {@link #disclose}, as trees (for a caller that works on them: {@code $document}). */
    Optional<List<Found>> everything(PartnerContext ctx, String residentId) {
        return disclose(ctx, residentId).map(ev -> {
            List<Found> out = new ArrayList<>();
            for (JsonNode e : ev.entries()) {
                ObjectNode r = (ObjectNode) e.path("resource");
                out.add(new Found(r.path("resourceType").asText(), r.path("id").asText(), r));
            }
            return out;
        });
    }

    /**
     * A page of search results, whether the caller's own (filtered) results go on after it, how many match, and the
     * resources revincluded for the page (each disclosed and recorded as a read, like the matches).
     */
    record Page(List<Found> found, boolean more, int matches, List<Found> revIncluded) {
        Page(List<Found> found, boolean more, int matches) {
            this(found, more, matches, List.of());
        }
    }

    /**
     * The caller's visible resources of the query's type in this resident's passport that match it (matched on each
     * resource as the caller is shown it, redacted), in the query's order, from its offset, at most its count. Which
     * resources are visible is decided as a read would decide (nothing leaves; the explanation is recorded); each
     * resource on the page then passes the gate as a read (recorded before it is sent). A search that sends nothing
     * is recorded as a refused read, exactly as for a resident with no passport. {@code countOnly}: nothing is sent,
     * only how many the caller's own matches are (what paging to the end would show it).
     */
    Page search(PartnerContext ctx, SearchQuery q, String residentId, boolean countOnly) {
        String type = q.type();
        List<Found> visible = new ArrayList<>();
        Optional<Evaluation> ev = Optional.empty();
        if (FhirJson.isValidId(residentId)) {
            ev = gate.explain(ctx.caller(), residentId, ctx.purpose());
            if (ev.isPresent()) {
                for (JsonNode e : ev.get().entries()) {
                    JsonNode r = e.path("resource");
                    if (type.equals(r.path("resourceType").asText()) && q.matches(r)) {
                        visible.add(new Found(type, r.path("id").asText(), (ObjectNode) r));
                    }
                }
            }
        }
        visible.sort(q.order());
        if (countOnly) {
            return new Page(List.of(), false, visible.size());
        }
        List<Found> page = new ArrayList<>();
        int end = (int) Math.min(visible.size(), (long) q.offset() + q.count());
        for (int i = q.offset(); i < end; i++) {
            String rid = visible.get(i).id();
            gate.resource(ctx.caller(), residentId, ctx.purpose(), type, rid, ctx.source(),
                    "a partner system searched " + type).ifPresent(s -> page.add(new Found(type, rid, s.resource())));
        }
        if (page.isEmpty()) {
            // recorded as a refused read, as for any read that discloses nothing
            gate.resource(ctx.caller(), residentId, ctx.purpose(), "-", "-", ctx.source(),
                    "a partner system searched " + type + " and was given nothing");
        }
        List<Found> rev = revIncluded(ctx, q, residentId, page, ev);
        locator.remember(residentId,
                java.util.stream.Stream.concat(page.stream(), rev.stream()).map(f -> f.type() + "/" + f.id()).toList());
        if (!page.isEmpty()) {
            locator.rememberResident(ctx.caller().account(), residentId);
        }
        return new Page(page, end < visible.size(), visible.size(), rev);
    }

    /**
     * The resources {@code _revinclude} reaches from a page: of the resident's resources the caller is shown (the
     * evaluation the search decided on, redacted), those of the rule's type whose reference, as shown, points at a
     * match; each then passes the gate as a read (recorded before it is sent), so what is withheld is never reached
     * and what is sent is audited resource by resource. Nothing here changes the page, its link or its count.
     */
    private List<Found> revIncluded(PartnerContext ctx, SearchQuery q, String residentId, List<Found> page,
            Optional<Evaluation> ev) {
        if (q.revIncludes().isEmpty() || page.isEmpty() || ev.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> matches = new java.util.HashSet<>();
        for (Found f : page) {
            matches.add(f.type() + "/" + f.id());
        }
        java.util.Map<String, String> wanted = new java.util.LinkedHashMap<>(); // ref -> type
        for (SearchQuery.RevInclude rev : q.revIncludes()) {
            String source = rev.rule().source();
            for (JsonNode e : ev.get().entries()) {
                JsonNode r = e.path("resource");
                String ref = source + "/" + r.path("id").asText();
                if (!source.equals(r.path("resourceType").asText()) || matches.contains(ref)
                        || wanted.containsKey(ref)) {
                    continue;
                }
                if (SearchQuery.referencesAt(r, rev.rule().path(), ctx.base()).stream().anyMatch(matches::contains)) {
                    wanted.put(ref, source);
                }
            }
        }
        List<Found> out = new ArrayList<>();
        for (java.util.Map.Entry<String, String> w : wanted.entrySet()) {
            String type = w.getValue();
            String id = w.getKey().substring(type.length() + 1);
            gate.resource(ctx.caller(), residentId, ctx.purpose(), type, id, ctx.source(),
                    "a partner system searched " + q.type() + " (_revinclude)")
                    .ifPresent(s -> out.add(new Found(type, id, s.resource())));
        }
        return out;
    }

    /**
     * Patient by identifier or id: the resident's Patient as a read shows it, when it matches the query as shown (an
     * NHS number withheld from the caller finds nothing); recorded as a read, or as a refused one.
     */
    Page searchPatient(PartnerContext ctx, SearchQuery q, Optional<String> residentId, boolean countOnly) {
        Optional<Gate.Shown> shown = residentId.filter(FhirJson::isValidId)
                .flatMap(rid -> gate.peek(ctx.caller(), rid, ctx.purpose(), "Patient", rid))
                .filter(s -> q.matches(s.resource()));
        if (countOnly) {
            // a count says no more than paging would; recorded as an explanation (which parts are shared)
            if (residentId.filter(FhirJson::isValidId).isPresent()) {
                gate.explain(ctx.caller(), residentId.get(), ctx.purpose());
            } else {
                gate.resource(ctx.caller(), "-", ctx.purpose(), "-", "-", ctx.source(),
                        "a partner system counted Patients and was told none");
            }
            return new Page(List.of(), false, shown.isPresent() ? 1 : 0);
        }
        List<Found> page = new ArrayList<>();
        if (shown.isPresent() && q.offset() == 0) {
            String rid = residentId.get();
            gate.resource(ctx.caller(), rid, ctx.purpose(), "Patient", rid, ctx.source(),
                    "a partner system searched Patient")
                    .ifPresent(s -> page.add(new Found("Patient", rid, s.resource())));
        }
        if (page.isEmpty()) {
            gate.resource(ctx.caller(), residentId.filter(FhirJson::isValidId).orElse("-"), ctx.purpose(), "-", "-",
                    ctx.source(), "a partner system searched Patient and was given nothing");
            return new Page(page, false, 0);
        }
        String rid = residentId.get();
        // what the resident shares with the caller, decided as a read (recorded as an explanation: nothing leaves)
        Optional<Evaluation> ev = q.revIncludes().isEmpty()
                ? Optional.empty()
                : gate.explain(ctx.caller(), rid, ctx.purpose());
        List<Found> rev = revIncluded(ctx, q, rid, page, ev);
        if (!rev.isEmpty()) {
            locator.remember(rid, rev.stream().map(f -> f.type() + "/" + f.id()).toList());
            locator.rememberResident(ctx.caller().account(), rid);
        }
        return new Page(page, false, page.size(), rev);
    }

    /** One resource by type and id, as a read discloses it (audited); empty: the one 404. */
    Optional<Found> read(PartnerContext ctx, String type, String id) {
        Optional<String> rid = resident(type, id);
        if (rid.isEmpty()) {
            return Optional.empty();
        }
        return gate.resource(ctx.caller(), rid.get(), ctx.purpose(), type, id, ctx.source(),
                "a partner system read " + type).map(s -> new Found(type, id, s.resource()));
    }

    /** Earlier versions go only to a caller who may see the whole resource now for this purpose (audited). */
    Optional<FhirVersion> readVersion(PartnerContext ctx, String type, String id, long version) {
        Optional<String> rid = resident(type, id);
        if (rid.isEmpty() || !seesAll(ctx, rid.get(), type, id, "a partner system read a version of " + type)) {
            return Optional.empty();
        }
        return store.readVersion(rid.get(), type, id, version).map(r -> unsealed(rid.get(), r));
    }

    List<FhirVersion> history(PartnerContext ctx, String type, String id, int count) {
        Optional<String> rid = resident(type, id);
        if (rid.isEmpty() || !seesAll(ctx, rid.get(), type, id, "a partner system read the history of " + type)) {
            return List.of();
        }
        List<FhirVersion> out = new ArrayList<>();
        for (StoredResource r : store.history(rid.get(), type, id, count)) {
            out.add(unsealed(rid.get(), r));
        }
        return out;
    }

    /** A page of type-level history, and whether the caller's own history goes on after it. */
    record HistoryPage(List<FhirVersion> versions, boolean more) {
    }

    /**
     * Type-level history: the versions of this type's resources, newest first, changed at or after {@code since},
     * over the residents this partner has been given something of (its working set: see
     * {@link ResourceLocator#rememberResident}), and only of resources the caller sees in full now for this purpose
     * (as for instance history); from {@code offset}, at most {@code count}. The offset counts over the caller's own
     * versions only, so neither a page's size nor whether more follow says anything about what is withheld.
     * Candidates are decided without recording (nothing leaves); each resource whose versions are then sent passes
     * the gate as a read, recorded before it is sent. Nothing to send: one refused read is recorded.
     */
    HistoryPage typeHistory(PartnerContext ctx, String type, int count, int offset, Optional<Instant> since) {
        List<FhirVersion> candidates = new ArrayList<>();
        java.util.Map<String, String> residentOf = new java.util.HashMap<>();
        int reach = (int) Math.min(Integer.MAX_VALUE, (long) offset + count + 1);
        for (String rid : locator.residentsOf(ctx.caller().account())) {
            for (StoredResource r : store.readPassport(rid)) {
                if (!r.type().equals(type) || gate.peek(ctx.caller(), rid, ctx.purpose(), type, r.id())
                        .filter(Gate.Shown::inFull).isEmpty()) {
                    continue;
                }
                for (StoredResource v : store.history(rid, type, r.id(), reach)) {
                    if (since.isEmpty() || !v.lastUpdated().isBefore(since.get())) {
                        candidates.add(FhirVersion.of(v));
                        residentOf.put(v.id(), rid);
                    }
                }
            }
        }
        candidates
                .sort(java.util.Comparator.comparing(FhirVersion::lastUpdated).reversed().thenComparing(FhirVersion::id)
                        .thenComparing(FhirVersion::version, java.util.Comparator.reverseOrder()));
        int from = Math.min(offset, candidates.size());
        int to = (int) Math.min(candidates.size(), (long) from + count);
        List<FhirVersion> page = candidates.subList(from, to);
        java.util.Set<String> allowed = new java.util.HashSet<>();
        for (String id : new java.util.LinkedHashSet<>(page.stream().map(FhirVersion::id).toList())) {
            String rid = residentOf.get(id);
            if (seesAll(ctx, rid, type, id, "a partner system read the history of " + type + "s")) {
                allowed.add(id);
            }
        }
        List<FhirVersion> out = new ArrayList<>();
        for (FhirVersion v : page) {
            if (allowed.contains(v.id())) {
                String rid = residentOf.get(v.id());
                String json = Fhir.write(sealed.unseal(rid, Fhir.tree(v.json())));
                out.add(new FhirVersion(v.type(), v.id(), v.version(), v.lastUpdated(), json));
            }
        }
        if (out.isEmpty()) {
            gate.resource(ctx.caller(), "-", ctx.purpose(), "-", "-", ctx.source(),
                    "a partner system read the history of " + type + "s and was given nothing");
        }
        return new HistoryPage(out, to < candidates.size());
    }

    /**
     * {@code Composition/{id}/$document}: the Composition and everything else {@code $everything} discloses to this
     * caller for this purpose (the same decision, redaction and reference pruning, one audit entry), as the entries of
     * a document. Empty: the one 404 (the Composition is not known to this partner, or not disclosed).
     */
    Optional<List<Found>> document(PartnerContext ctx, String compositionId) {
        Optional<String> rid = resident("Composition", compositionId);
        if (rid.isEmpty()) {
            // recorded as a refused read, as for any read that discloses nothing
            gate.resource(ctx.caller(), "-", ctx.purpose(), "-", "-", ctx.source(),
                    "a partner system asked for a document of an unknown Composition");
            return Optional.empty();
        }
        if (gate.peek(ctx.caller(), rid.get(), ctx.purpose(), "Composition", compositionId).isEmpty()) {
            gate.resource(ctx.caller(), rid.get(), ctx.purpose(), "-", "-", ctx.source(),
                    "a partner system asked for a document it may not see");
            return Optional.empty();
        }
        Optional<List<Found>> all = everything(ctx, rid.get());
        return all
                .filter(l -> l.stream().anyMatch(f -> f.type().equals("Composition") && f.id().equals(compositionId)));
    }

    private Optional<String> resident(String type, String id) {
        if (!FhirJson.isValidId(id)) {
            return Optional.empty();
        }
        return type.equals("Patient") ? Optional.of(id) : locator.residentOf(type, id);
    }

    private boolean seesAll(PartnerContext ctx, String rid, String type, String id, String detail) {
        return gate.resource(ctx.caller(), rid, ctx.purpose(), type, id, ctx.source(), detail)
                .filter(Gate.Shown::inFull).isPresent();
    }

    private FhirVersion unsealed(String residentId, StoredResource r) {
        String json = Fhir.write(sealed.unseal(residentId, Fhir.tree(r.json())));
        return new FhirVersion(r.type(), r.id(), r.version(), r.lastUpdated(), json);
    }
}
