package org.wellbeingpassport.fhir.redact;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.wellbeingpassport.consent.CompiledPolicy;
import org.wellbeingpassport.consent.DataItem;
import org.wellbeingpassport.consent.DisclosureMask;
import org.wellbeingpassport.fhir.path.PassportItems;
import org.wellbeingpassport.fhir.path.ResourceItems;

/**
 * The read path's glue to consent-engine: for each resource, its data items, the engine's fast
 * answer, and the redaction that follows. Marks are always left (the engine asks to mark whatever it
 * withholds) and open disputes travel with whatever is disclosed.
 *
 * <pre>
 * CompiledPolicy policy = engine.compile(directives, request);
 * JsonRedactor.redactBundle(bundle, EngineRedaction.decider(policy, residentId, r -&gt; Map.of()));
 * </pre>
 */
public final class EngineRedaction {
    private EngineRedaction() {
    }

    /** A per-resource decider for {@link JsonRedactor#redactBundle}. {@code openDisputes} as in {@link ResourceItems#of}. */
    public static Function<ObjectNode, Redaction> decider(CompiledPolicy policy, String residentId,
            Function<ObjectNode, Map<String, List<String>>> openDisputes) {
        return resource -> decide(policy, ResourceItems.of(residentId, resource, openDisputes.apply(resource)));
    }

    /**
     * A per-resource decider using items computed beforehand (see {@link PassportItems}); a resource
     * it has no items for is dropped, never disclosed unchecked.
     */
    public static Function<ObjectNode, Redaction> decider(CompiledPolicy policy, PassportItems items) {
        return resource -> items.get(resource).map(i -> decide(policy, i)).orElse(Redaction.DROP);
    }

    /** The redaction for one resource's items. */
    public static Redaction decide(CompiledPolicy policy, ResourceItems items) {
        List<DisclosureMask> masks = new ArrayList<>(items.items().size());
        for (DataItem item : items.items()) {
            masks.add(policy.disclose(item));
        }
        return Redaction.of(items, masks, true);
    }
}
