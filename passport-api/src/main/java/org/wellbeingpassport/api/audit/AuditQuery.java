package org.wellbeingpassport.api.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What an auditor (or a resident, for their own record) asks for. Every given criterion must hold. */
public record AuditQuery(Optional<String> residentId, Optional<String> actorId, Optional<String> organisationId,
        Optional<String> purpose, Optional<Instant> from, Optional<Instant> to, Optional<AuditOutcome> outcome,
        Optional<Boolean> breakGlass, Optional<AuditAction> action, int limit) {

    public static final int MAX_LIMIT = 10_000;

    public AuditQuery {
        Objects.requireNonNull(residentId);
        Objects.requireNonNull(actorId);
        Objects.requireNonNull(organisationId);
        Objects.requireNonNull(purpose);
        Objects.requireNonNull(from);
        Objects.requireNonNull(to);
        Objects.requireNonNull(outcome);
        Objects.requireNonNull(breakGlass);
        Objects.requireNonNull(action);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_LIMIT);
        }
    }

    public static AuditQuery all() {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), MAX_LIMIT);
    }

    public AuditQuery withResident(String id) {
        return new AuditQuery(Optional.of(id), actorId, organisationId, purpose, from, to, outcome, breakGlass, action,
                limit);
    }

    public AuditQuery withActor(String id) {
        return new AuditQuery(residentId, Optional.of(id), organisationId, purpose, from, to, outcome, breakGlass,
                action, limit);
    }

    public AuditQuery withOrganisation(String id) {
        return new AuditQuery(residentId, actorId, Optional.of(id), purpose, from, to, outcome, breakGlass, action,
                limit);
    }

    public AuditQuery withPurpose(String code) {
        return new AuditQuery(residentId, actorId, organisationId, Optional.of(code), from, to, outcome, breakGlass,
                action, limit);
    }

    public AuditQuery between(Optional<Instant> start, Optional<Instant> end) {
        return new AuditQuery(residentId, actorId, organisationId, purpose, start, end, outcome, breakGlass, action,
                limit);
    }

    public AuditQuery withOutcome(AuditOutcome o) {
        return new AuditQuery(residentId, actorId, organisationId, purpose, from, to, Optional.of(o), breakGlass,
                action, limit);
    }

    public AuditQuery withBreakGlass(boolean b) {
        return new AuditQuery(residentId, actorId, organisationId, purpose, from, to, outcome, Optional.of(b), action,
                limit);
    }

    public AuditQuery withAction(AuditAction a) {
        return new AuditQuery(residentId, actorId, organisationId, purpose, from, to, outcome, breakGlass,
                Optional.of(a), limit);
    }

    public AuditQuery limit(int n) {
        return new AuditQuery(residentId, actorId, organisationId, purpose, from, to, outcome, breakGlass, action, n);
    }

    /** from inclusive, to exclusive. */
    public boolean matches(AuditEntry e) {
        return residentId.map(r -> e.residentId().filter(r::equals).isPresent()).orElse(true)
                && actorId.map(a -> a.equals(e.agent().id())).orElse(true)
                && organisationId.map(o -> e.agent().organisationId().filter(o::equals).isPresent()).orElse(true)
                && purpose.map(p -> e.purpose().filter(p::equals).isPresent()).orElse(true)
                && from.map(f -> !e.at().isBefore(f)).orElse(true) && to.map(t -> e.at().isBefore(t)).orElse(true)
                && outcome.map(o -> o == e.outcome()).orElse(true)
                && breakGlass.map(b -> b == e.breakGlass()).orElse(true)
                && action.map(a -> a == e.action()).orElse(true);
    }
}
