package org.wellbeingpassport.consent;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/**
 * The full answer for one item: per-element decisions (in the item's element order), the
 * obligations that go with them, notes about the request as a whole, and the directive version
 * used, so the decision can be reproduced and explained later.
 */
public record Decision(AccessRequest request, long directiveVersion, String residentId, String resourceType,
        Optional<StorySection> section, List<ElementDecision> elements, List<Obligation> obligations,
        List<Reason> notes) {

    public Decision {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(residentId, "residentId");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(section, "section");
        elements = List.copyOf(elements);
        obligations = List.copyOf(obligations);
        notes = List.copyOf(notes);
    }

    public List<String> disclosedPaths() {
        return elements.stream().filter(ElementDecision::disclosed).map(ElementDecision::path).toList();
    }

    public List<String> withheldPaths() {
        return elements.stream().filter(e -> !e.disclosed()).map(ElementDecision::path).toList();
    }

    public boolean anyDisclosed() {
        return elements.stream().anyMatch(ElementDecision::disclosed);
    }

    public Optional<ElementDecision> element(String path) {
        return elements.stream().filter(e -> e.path().equals(path)).findFirst();
    }

    public boolean has(Obligation.Kind kind) {
        return obligations.stream().anyMatch(o -> o.kind() == kind);
    }
}
