package org.wellbeingpassport.consent;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;

/**
 * Why: the kind, the provision that decided it (if one did), the sensitive categories involved
 * (for {@link ReasonKind#SENSITIVE_NOT_NAMED}: those not named) and a detail such as the
 * break-glass reason or the lawful basis reference.
 */
public record Reason(ReasonKind kind, Optional<ProvisionSummary> provision, Set<SensitivityCategory> categories,
        Optional<String> detail) {

    public Reason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(provision, "provision");
        categories = Set.copyOf(categories);
        Objects.requireNonNull(detail, "detail");
    }

    static Reason of(ReasonKind kind) {
        return new Reason(kind, Optional.empty(), Set.of(), Optional.empty());
    }

    static Reason of(ReasonKind kind, ProvisionSummary provision) {
        return new Reason(kind, Optional.of(provision), Set.of(), Optional.empty());
    }

    static Reason of(ReasonKind kind, String detail) {
        return new Reason(kind, Optional.empty(), Set.of(), Optional.of(detail));
    }

    /** Whether this reason discloses. */
    public boolean discloses() {
        return kind == ReasonKind.PERMITTED || kind == ReasonKind.BREAK_GLASS || kind == ReasonKind.LAWFUL_BASIS;
    }
}
