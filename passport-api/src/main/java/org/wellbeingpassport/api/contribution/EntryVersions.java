package org.wellbeingpassport.api.contribution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.passport.SealedElements;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.StoredResource;
import org.wellbeingpassport.api.store.WriteOutcome;
import org.wellbeingpassport.fhir.Fhir;

/**
 * An entry of a resident's passport as the flows that change it after the fact (the resident confirming or disputing
 * it, its author correcting it) read and rewrite it: found by resident id, type and id (the one 404 otherwise), one
 * of its story sections picked out, and written as a new version with its sealed elements sealed again, retried when
 * another writer got there first. Always called inside a gate change, which has recorded the entry first.
 */
@Singleton
public final class EntryVersions {
    private static final int ATTEMPTS = 5;
    private final PassportStore store;
    private final SealedElements sealed;

    public EntryVersions(PassportStore store, SealedElements sealed) {
        this.store = store;
        this.sealed = sealed;
    }

    /** The stored entry (never a resource that is not an entry: the one 404). */
    public StoredResource entry(String residentId, String type, String id) {
        if (Entries.NOT_ENTRIES.contains(type)) {
            throw Problem.notAvailable();
        }
        return store.read(residentId, type, id).orElseThrow(Problem::notAvailable);
    }

    /** The resource itself, or one of its (top-level) story sections. */
    public static ObjectNode element(ObjectNode resource, Optional<String> section) {
        if (section.isEmpty()) {
            return resource;
        }
        if (!"Composition".equals(resource.path("resourceType").asText())) {
            throw Problem.invalid("Only your story (a Composition) has sections",
                    List.of("section: only for a Composition"));
        }
        return Entries.section(resource, section.get())
                .orElseThrow(() -> Problem.invalid("Your story has no section '" + section.get() + "'",
                        List.of("section: a top-level story section")));
    }

    /** A new version of a resource, changed by {@code change} from whatever is current (retried on a race). */
    public long rewrite(String residentId, String type, String id, UnaryOperator<ObjectNode> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            StoredResource current = store.read(residentId, type, id).orElseThrow(Problem::notAvailable);
            ObjectNode tree = change.apply(sealed.unseal(residentId, Fhir.tree(current.json())));
            WriteOutcome outcome = write(residentId, type, id, OptionalLong.of(current.version()), tree);
            if (outcome instanceof WriteOutcome.Written w) {
                return w.resource().version();
            }
            if (outcome instanceof WriteOutcome.NotFound) {
                throw Problem.notAvailable();
            }
        }
        throw new Problem(HttpStatus.CONFLICT, "Changed since you read it",
                type + "/" + id + " is changing right now; try again.");
    }

    /** One write of a resource of the passport (If-Match {@code 0}: create only), its sealed elements sealed. */
    public WriteOutcome write(String residentId, String type, String id, OptionalLong ifMatch, ObjectNode tree) {
        return store.update(residentId, type, id, ifMatch, ifMatch.orElse(-1) == 0,
                sealed.sealedVersion(residentId, tree));
    }
}
