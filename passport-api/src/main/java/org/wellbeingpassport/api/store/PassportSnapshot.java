package org.wellbeingpassport.api.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A whole passport as read in one go: every current resource as a JSON tree the reader owns (it may change it in
 * place, e.g. to redact), and which passport at which aggregate version it is.
 */
public record PassportSnapshot(String residentId, PassportStore.Version at, List<Resource> resources) {
    /** The passport's aggregate version. */
    public long version() {
        return at.ver();
    }

    /** One current resource; {@code sealed} says whether anything in it is encrypted (see SealedElements). */
    public record Resource(String type, String id, long version, Instant lastUpdated, ObjectNode tree, boolean sealed) {
    }

    public Optional<Resource> find(String type, String id) {
        return resources.stream().filter(r -> r.type().equals(type) && r.id().equals(id)).findFirst();
    }

    public List<Resource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }
}
