package org.wellbeingpassport.api.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
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
 * is recorded as read before it is sent), read, version read and history of one resource.
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

    /** What {@code Patient/$everything} discloses, as a read would (audited); empty: the one 404. */
    Optional<List<Found>> everything(PartnerContext ctx, String residentId) {
        if (!FhirJson.isValidId(residentId)) {
            return Optional.empty();
        }
        Optional<Gate.Disclosure> d = gate.passport(ctx.caller(), residentId, ctx.purpose(), ctx.source());
        if (d.isEmpty()) {
            return Optional.empty();
        }
        List<Found> out = new ArrayList<>();
        for (JsonNode e : d.get().evaluation().entries()) {
            ObjectNode r = (ObjectNode) e.path("resource");
            out.add(new Found(r.path("resourceType").asText(), r.path("id").asText(), r));
        }
        locator.remember(residentId, out.stream().map(f -> f.type() + "/" + f.id()).toList());
        return Optional.of(out);
    }

    /** A page of search results, whether the caller's own (filtered) results go on after it, and how many match. */
    record Page(List<Found> found, boolean more, int matches) {
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
        if (FhirJson.isValidId(residentId)) {
            Optional<Evaluation> ev = gate.explain(ctx.caller(), residentId, ctx.purpose());
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
        locator.remember(residentId, page.stream().map(f -> f.type() + "/" + f.id()).toList());
        return new Page(page, end < visible.size(), visible.size());
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
        }
        return new Page(page, false, page.size());
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
