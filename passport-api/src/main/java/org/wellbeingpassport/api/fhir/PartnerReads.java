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

    /** A page of search results and whether the caller's own (filtered) results go on after it. */
    record Page(List<Found> found, boolean more) {
    }

    /**
     * The caller's visible resources of {@code type} in this resident's passport, from {@code offset}, at most
     * {@code count}. Which resources are visible is decided as a read would decide (nothing leaves, nothing is
     * recorded); each resource on the page then passes the gate as a read (recorded before it is sent). A search that
     * finds nothing is recorded as a refused read, exactly as for a resident with no passport.
     */
    Page search(PartnerContext ctx, String type, String residentId, int count, int offset, Optional<String> id) {
        List<String> visible = new ArrayList<>();
        if (FhirJson.isValidId(residentId)) {
            Optional<Evaluation> ev = gate.explain(ctx.caller(), residentId, ctx.purpose());
            if (ev.isPresent()) {
                for (String ref : ev.get().resources()) {
                    if (ref.startsWith(type + "/")) {
                        String rid = ref.substring(type.length() + 1);
                        if (id.isEmpty() || id.get().equals(rid)) {
                            visible.add(rid);
                        }
                    }
                }
            }
        }
        visible.sort(null);
        List<Found> page = new ArrayList<>();
        int end = Math.min(visible.size(), offset + count);
        for (int i = offset; i < end; i++) {
            String rid = visible.get(i);
            gate.resource(ctx.caller(), residentId, ctx.purpose(), type, rid, ctx.source(),
                    "a partner system searched " + type).ifPresent(s -> page.add(new Found(type, rid, s.resource())));
        }
        if (page.isEmpty()) {
            // recorded as a refused read, as for any read that discloses nothing
            gate.resource(ctx.caller(), residentId, ctx.purpose(), "-", "-", ctx.source(),
                    "a partner system searched " + type + " and was given nothing");
        }
        locator.remember(residentId, page.stream().map(f -> f.type() + "/" + f.id()).toList());
        return new Page(page, end < visible.size());
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
