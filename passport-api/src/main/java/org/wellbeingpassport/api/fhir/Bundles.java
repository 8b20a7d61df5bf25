package org.wellbeingpassport.api.fhir;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.wellbeingpassport.fhir.Fhir;

/**
 * Bundles as this API sends them: {@code fullUrl}s from the request's own base, never an empty {@code entry}
 * array, and searchsets without {@code total} (see {@link #searchset}).
 */
final class Bundles {
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
        ArrayNode entries = bundle.putArray("entry");
        for (PartnerReads.Found f : found) {
            ObjectNode e = entries.addObject();
            e.put("fullUrl", base + "/" + f.type() + "/" + f.id());
            e.set("resource", f.resource());
            if (mode != null) {
                e.putObject("search").put("mode", mode);
            }
        }
    }
}
