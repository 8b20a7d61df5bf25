package org.wellbeingpassport.api.fhir;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.wellbeingpassport.api.passport.Evaluation;
import java.util.List;
import java.util.UUID;
import org.wellbeingpassport.fhir.Fhir;

/**
 * Bundles as this API sends them: {@code fullUrl}s from the request's own base, never an empty {@code entry}
 * array, and searchsets without {@code total} (see {@link #searchset}).
 */
final class Bundles {
    /** The passport's resource types the partner API serves (Task, Communication, Subscription are others'). */
    static final List<String> TYPES = List.of("Patient", "Composition", "CarePlan", "Goal", "Condition", "Observation",
            "RelatedPerson", "ServiceRequest");

    private Bundles() {
    }

    /**
     * A searchset. There is no {@code total}: a count of matches would say how much is withheld (or, counted over
     * what the caller may see, would cost a decision on every match to say little); the {@code next} link alone says
     * that the caller's own results go on.
     */
    static ObjectNode searchset(String base, List<PartnerReads.Found> found, String self, String next) {
        ObjectNode b = bundle("searchset");
        ArrayNode links = b.putArray("link");
        links.addObject().put("relation", "self").put("url", self);
        if (next != null) {
            links.addObject().put("relation", "next").put("url", next);
        }
        entries(b, base, found, "match");
        return b;
    }

    /**
     * The searchset {@link #searchset} makes of a whole disclosure ({@code $everything}), written as bytes around
     * the disclosed resources' own bytes: no tree is made of a resource sent as stored, none is copied, and the
     * result is what writing {@link #searchset}'s tree of the same entries gives.
     */
    static byte[] searchset(String base, Evaluation disclosed, String self) {
        ObjectNode b = bundle("searchset");
        b.putArray("link").addObject().put("relation", "self").put("url", self);
        String head = Fhir.write(b);
        return disclosed.bundle(head.substring(0, head.length() - 1) + ",\"entry\":[", base,
                ",\"search\":{\"mode\":\"match\"}");
    }

    static ObjectNode bundle(String type) {
        ObjectNode b = Fhir.json().createObjectNode();
        b.put("resourceType", "Bundle");
        b.put("id", UUID.randomUUID().toString());
        b.putObject("meta").put("lastUpdated", Instant.now().toString());
        b.put("type", type);
        return b;
    }

    static void entries(ObjectNode bundle, String base, List<PartnerReads.Found> found, String mode) {
        if (found.isEmpty()) {
            return;
        }
        ArrayNode entries = bundle.get("entry") instanceof ArrayNode a ? a : bundle.putArray("entry");
        for (PartnerReads.Found f : found) {
            ObjectNode e = entries.addObject();
            e.put("fullUrl", base + "/" + f.type() + "/" + f.id());
            e.set("resource", f.resource());
            if (mode != null) {
                e.putObject("search").put("mode", mode);
            }
        }
    }
    /**
     * A history Bundle: entries with unversioned fullUrl, request and response (bdl-3, bdl-4, bdl-8). {@code versions}
     * are the resource's newest first from the newest; the page is those from the parameters' offset, at most its
     * count, with a {@code next} link when older versions follow.
     */
    static Bundle history(String base, String type, String id, List<FhirVersion> versions, HistoryQuery page) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.HISTORY);
        // every version is there (history goes only to a caller who sees the whole resource): the newest's number
        bundle.setTotal(versions.isEmpty() ? 0 : (int) versions.get(0).version());
        String at = base + "/" + type + "/" + id + "/_history?";
        bundle.addLink().setRelation("self").setUrl(at + page.query(page.offset()));
        int from = Math.min(page.offset(), versions.size());
        int to = (int) Math.min(versions.size(), (long) from + page.count());
        if (to < versions.size()) {
            bundle.addLink().setRelation("next").setUrl(at + page.query(page.offset() + page.count()));
        }
        for (FhirVersion v : versions.subList(from, to)) {
            Resource resource = FhirJson.parse(v.json(), Resource.class);
            bundle.addEntry().setFullUrl(base + "/" + type + "/" + id).setResource(resource)
                    .setRequest(new Bundle.BundleEntryRequestComponent()
                            .setMethod(v.version() == 1 ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT)
                            .setUrl(v.version() == 1 ? type : type + "/" + id))
                    .setResponse(new Bundle.BundleEntryResponseComponent()
                            .setStatus(v.version() == 1 ? "201 Created" : "200 OK").setEtag("W/\"" + v.version() + "\"")
                            .setLastModified(Date.from(v.lastUpdated())));
        }
        return bundle;
    }

    /**
     * A type-level history Bundle: like {@link #history}, over many resources, without a total, and with a
     * {@code next} link exactly when the caller's own history goes on.
     */
    static Bundle typeHistory(String base, String type, List<FhirVersion> versions, String self, String next) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.HISTORY);
        bundle.addLink().setRelation("self").setUrl(self);
        if (next != null) {
            bundle.addLink().setRelation("next").setUrl(next);
        }
        for (FhirVersion v : versions) {
            Resource resource = FhirJson.parse(v.json(), Resource.class);
            bundle.addEntry().setFullUrl(base + "/" + type + "/" + v.id()).setResource(resource)
                    .setRequest(new Bundle.BundleEntryRequestComponent()
                            .setMethod(v.version() == 1 ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT)
                            .setUrl(v.version() == 1 ? type : type + "/" + v.id()))
                    .setResponse(new Bundle.BundleEntryResponseComponent()
                            .setStatus(v.version() == 1 ? "201 Created" : "200 OK").setEtag("W/\"" + v.version() + "\"")
                            .setLastModified(Date.from(v.lastUpdated())));
        }
        return bundle;
    }

    /**
     * A document Bundle (bdl-9, bdl-10, bdl-11): an identifier, a timestamp, the Composition first, then the rest of
     * what was disclosed, then the directory resources (Practitioner, PractitionerRole, Organization) that any
     * disclosed reference points at, so that every reference resolves inside the document.
     */
    static ObjectNode document(String base, String compositionId, List<PartnerReads.Found> found,
            java.util.function.BiFunction<String, String, java.util.Optional<String>> directory) {
        ObjectNode b = bundle("document");
        b.putObject("identifier").put("system", "urn:ietf:rfc:3986").put("value", "urn:uuid:" + UUID.randomUUID());
        b.put("timestamp", Instant.now().toString());
        List<PartnerReads.Found> ordered = new java.util.ArrayList<>();
        java.util.Set<String> present = new java.util.HashSet<>();
        for (PartnerReads.Found f : found) {
            if (f.type().equals("Composition") && f.id().equals(compositionId)) {
                ordered.add(0, f);
            } else {
                ordered.add(f);
            }
            present.add(f.type() + "/" + f.id());
        }
        java.util.Set<String> wanted = new java.util.TreeSet<>();
        for (PartnerReads.Found f : found) {
            references(f.resource(), wanted);
        }
        for (String ref : wanted) {
            int slash = ref.indexOf('/');
            String t = ref.substring(0, slash);
            String id = ref.substring(slash + 1);
            if (!present.contains(ref) && CapabilityStatementFactory.DIRECTORY.contains(t)) {
                directory.apply(t, id).ifPresent(json -> {
                    ordered.add(new PartnerReads.Found(t, id, Fhir.tree(json)));
                    present.add(ref);
                });
            }
        }
        entries(b, base, ordered, null);
        return b;
    }

    /** Every relative reference ({@code Type/id}) in a tree. */
    static void references(com.fasterxml.jackson.databind.JsonNode node, java.util.Set<String> out) {
        if (node.isObject()) {
            com.fasterxml.jackson.databind.JsonNode r = node.get("reference");
            if (r != null && r.isTextual() && r.asText().matches("[A-Za-z]+/[A-Za-z0-9\\-.]{1,64}")) {
                out.add(r.asText());
            }
            node.forEach(c -> references(c, out));
        } else if (node.isArray()) {
            node.forEach(c -> references(c, out));
        }
    }
}
