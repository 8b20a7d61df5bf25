package org.wellbeingpassport.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * One choice of the resident: permit or deny, who, what, why, when, with nested provisions that
 * narrow it. A nested provision applies only where its parent applies (who, purposes, period and
 * data are intersected; an empty who or purposes inherits the parent's). Top-level provisions
 * carry the date the resident made the choice; nested ones inherit it, and a revoked parent
 * revokes its children.
 */
public record Provision(String id, ProvisionType type, List<Recipient> who, Scope what, Set<Purpose> purposes,
        Optional<Period> period, Optional<Instant> granted, Optional<Instant> revoked, List<Provision> nested) {

    public Provision {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        who = List.copyOf(Objects.requireNonNull(who, "who"));
        Objects.requireNonNull(what, "what");
        purposes = purposes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(purposes));
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(granted, "granted");
        Objects.requireNonNull(revoked, "revoked");
        nested = List.copyOf(Objects.requireNonNull(nested, "nested"));
    }

    public static Builder permit(String id) {
        return new Builder(id, ProvisionType.PERMIT);
    }

    public static Builder deny(String id) {
        return new Builder(id, ProvisionType.DENY);
    }

    /**
     * This provision marked revoked at {@code at} (its nested provisions go with it). An earlier
     * revocation stands: revoking again never reopens the time in between.
     */
    public Provision revokedAt(Instant at) {
        Instant when = revoked.filter(r -> r.isBefore(at)).orElse(at);
        return new Provision(id, type, who, what, purposes, period, granted, Optional.of(when), nested);
    }

    /** This provision with different nested provisions. */
    public Provision withNested(List<Provision> children) {
        return new Provision(id, type, who, what, purposes, period, granted, revoked, children);
    }

    /** Convenience for building provisions in code and tests; the result is immutable. */
    public static final class Builder {
        private final String id;
        private final ProvisionType type;
        private final List<Recipient> who = new ArrayList<>();
        private Scope what = new Scope(Set.of(), Set.of(), Set.of(), Set.of(), false);
        private final Set<Purpose> purposes = EnumSet.noneOf(Purpose.class);
        private Optional<Period> period = Optional.empty();
        private Optional<Instant> granted = Optional.empty();
        private Optional<Instant> revoked = Optional.empty();
        private final List<Provision> nested = new ArrayList<>();

        private Builder(String id, ProvisionType type) {
            this.id = id;
            this.type = type;
        }

        public Builder to(Recipient... recipients) {
            who.addAll(List.of(recipients));
            return this;
        }

        public Builder covering(Scope scope) {
            this.what = scope;
            return this;
        }

        public Builder forPurposes(Purpose... ps) {
            purposes.addAll(List.of(ps));
            return this;
        }

        public Builder grantedAt(Instant at) {
            this.granted = Optional.of(at);
            return this;
        }

        public Builder during(Period p) {
            this.period = Optional.of(p);
            return this;
        }

        public Builder revokedAt(Instant at) {
            this.revoked = Optional.of(at);
            return this;
        }

        public Builder with(Provision... children) {
            nested.addAll(List.of(children));
            return this;
        }

        public Provision build() {
            return new Provision(id, type, who, what, purposes, period, granted, revoked, nested);
        }
    }
}
