package org.wellbeingpassport.consent;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;

/**
 * A provision as it took effect, with what it inherited from its parents: enough to explain a
 * decision in plain words without the directive set at hand.
 *
 * @param id the provision's id
 * @param path ids from the top-level provision down to this one
 * @param who the recipients that apply (the innermost non-empty list)
 * @param what this provision's own scope
 * @param purposes the purposes that apply (the innermost non-empty set; empty means any)
 * @param namedCategories sensitive categories named along the way (permits)
 * @param granted when the resident made the top-level choice
 * @param from when it comes into force (latest start along the way, or granted)
 * @param until when it ends, if it does (earliest end along the way)
 * @param revoked when it was withdrawn, if it was (earliest along the way)
 */
public record ProvisionSummary(String id, List<String> path, ProvisionType type, List<Recipient> who, Scope what,
        Set<Purpose> purposes, Set<SensitivityCategory> namedCategories, Instant granted, Instant from,
        Optional<Instant> until, Optional<Instant> revoked) {

    public ProvisionSummary {
        Objects.requireNonNull(id, "id");
        path = List.copyOf(path);
        Objects.requireNonNull(type, "type");
        who = List.copyOf(who);
        Objects.requireNonNull(what, "what");
        purposes = Set.copyOf(purposes);
        namedCategories = Set.copyOf(namedCategories);
        Objects.requireNonNull(granted, "granted");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(revoked, "revoked");
    }
}
