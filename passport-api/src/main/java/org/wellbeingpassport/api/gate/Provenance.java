package org.wellbeingpassport.api.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.consent.Origin;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.codes.SecurityLabels;

/**
 * Where an element came from is the gate's to say, from the authenticated caller, never from the body: whatever
 * origin tag a body carries is replaced by the caller's (a resident's words are "resident-entered", a professional's
 * "professional-entered", a partner system's "partner-system"), and a body cannot claim to have arrived under a
 * statutory gateway (the no-onward-disclosure label), which only a partner registered as such could assert.
 */
public final class Provenance {
    private Provenance() {
    }

    /** The origin a caller's writes carry. */
    public static Origin originOf(Caller caller) {
        if (caller instanceof Caller.Resident || caller instanceof Caller.Carer) {
            return Origin.RESIDENT_ENTERED;
        }
        if (caller instanceof Caller.PartnerSystem) {
            return Origin.PARTNER_SYSTEM;
        }
        return Origin.PROFESSIONAL_ENTERED;
    }

    /** Replaces whatever the body says about its origin with what the caller is. */
    public static ObjectNode stamp(ObjectNode resource, Caller caller) {
        ObjectNode meta = resource.has("meta") && resource.get("meta").isObject()
                ? (ObjectNode) resource.get("meta")
                : resource.putObject("meta");
        ArrayNode tags = meta.has("tag") && meta.get("tag").isArray()
                ? (ArrayNode) meta.get("tag")
                : meta.putArray("tag");
        for (int i = tags.size() - 1; i >= 0; i--) {
            if (CodeSystems.ORIGIN.equals(tags.get(i).path("system").asText())) {
                tags.remove(i);
            }
        }
        tags.addObject().put("system", CodeSystems.ORIGIN).put("code", originOf(caller).code());
        JsonNode security = meta.path("security");
        if (security.isArray()) {
            ArrayNode labels = (ArrayNode) security;
            for (int i = labels.size() - 1; i >= 0; i--) {
                JsonNode c = labels.get(i);
                if (SecurityLabels.NO_REDISCLOSURE.is(c.path("system").asText(), c.path("code").asText())) {
                    labels.remove(i);
                }
            }
            if (labels.isEmpty()) {
                meta.remove("security");
            }
        }
        return resource;
    }
}
