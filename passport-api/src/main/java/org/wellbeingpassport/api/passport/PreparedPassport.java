package org.wellbeingpassport.api.passport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.path.ResourceItems;

/**
 * A passport at one aggregate version, made ready for reading: each resource kept in its stored (sealed) JSON form,
 * with the consent-engine items and outgoing references derived from its unsealed form once, and the directives in
 * force. Nothing here is plaintext of a sealed element: every read parses and unseals what it is about to disclose.
 *
 * <p>
 * Immutable and shared between reads; a new version of the passport is a new PreparedPassport. {@code disputes} are
 * the open disputes and disagreements by resource ({@code Type/id}) that the items were made with (the passport's
 * Tasks), kept so that a copy of the next version can be made from this one when one of its own writes changed a
 * resource other than a Task (see {@link PreparedPassports#written}).
 */
public record PreparedPassport(String residentId, PassportStore.Version at, DirectiveSet directives,
        List<Resource> resources, long weightBytes, Map<String, Map<String, List<String>>> disputes) {

    public PreparedPassport {
        resources = List.copyOf(resources);
        disputes = Map.copyOf(disputes);
    }

    /** The passport's aggregate version. */
    public long version() {
        return at.ver();
    }

    /**
     * One current resource: its stored JSON (sealed elements still sealed), whether anything in it is sealed, its
     * data items, and the {@code Type/id} keys of everything it references.
     */
    public record Resource(String type, String id, long version, byte[] stored, boolean sealed, ResourceItems items,
            Set<String> references) {
        public Resource {
            references = Set.copyOf(references);
        }

        public String ref() {
            return type + "/" + id;
        }

        /** A fresh tree of the stored form, for this read alone to unseal and redact. */
        public ObjectNode freshTree() {
            return Fhir.tree(stored);
        }
    }
}
