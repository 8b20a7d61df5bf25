package org.wellbeingpassport.api.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One audited event. It names element PATHS disclosed and withheld, never their values; {@code detail} and
 * {@code reason} are free text stated by the actor (a break-glass reason), never record content.
 *
 * @param at when it happened (stored to the millisecond)
 * @param resources references such as "Patient/123"
 * @param purpose a Purpose code (consent-engine vocabulary)
 * @param basis "consent", "lawful:safeguarding-duty", "break-glass", ...
 * @param reason break-glass reason, request reason
 * @param noticeDeferred a recorded risk defers telling the resident (hidden from their history until lifted)
 */
public record AuditEntry(Instant at, AuditAction action, AuditOutcome outcome, AuditAgent agent,
        Optional<String> residentId, List<String> resources, List<String> disclosedPaths, List<String> withheldPaths,
        Optional<String> purpose, Optional<String> basis, OptionalLong directiveVersion, Optional<String> sourceAddress,
        Optional<String> reason, boolean breakGlass, boolean noticeDeferred, Optional<String> detail) {

    public AuditEntry {
        at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(residentId, "residentId");
        resources = List.copyOf(resources);
        disclosedPaths = List.copyOf(disclosedPaths);
        withheldPaths = List.copyOf(withheldPaths);
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(directiveVersion, "directiveVersion");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** A builder for the common case; absent fields stay empty. */
    public static Builder builder(AuditAction action, AuditOutcome outcome, AuditAgent agent) {
        return new Builder(action, outcome, agent);
    }

    public static final class Builder {
        private Instant at = Instant.now();
        private final AuditAction action;
        private final AuditOutcome outcome;
        private final AuditAgent agent;
        private Optional<String> residentId = Optional.empty();
        private List<String> resources = List.of();
        private List<String> disclosed = List.of();
        private List<String> withheld = List.of();
        private Optional<String> purpose = Optional.empty();
        private Optional<String> basis = Optional.empty();
        private OptionalLong directiveVersion = OptionalLong.empty();
        private Optional<String> source = Optional.empty();
        private Optional<String> reason = Optional.empty();
        private boolean breakGlass;
        private boolean noticeDeferred;
        private Optional<String> detail = Optional.empty();

        private Builder(AuditAction action, AuditOutcome outcome, AuditAgent agent) {
            this.action = action;
            this.outcome = outcome;
            this.agent = agent;
        }

        public Builder at(Instant v) {
            at = v;
            return this;
        }

        public Builder resident(String v) {
            residentId = Optional.of(v);
            return this;
        }

        public Builder resources(List<String> v) {
            resources = v;
            return this;
        }

        public Builder disclosed(List<String> v) {
            disclosed = v;
            return this;
        }

        public Builder withheld(List<String> v) {
            withheld = v;
            return this;
        }

        public Builder purpose(String v) {
            purpose = Optional.of(v);
            return this;
        }

        public Builder basis(String v) {
            basis = Optional.of(v);
            return this;
        }

        public Builder directiveVersion(long v) {
            directiveVersion = OptionalLong.of(v);
            return this;
        }

        public Builder source(String v) {
            source = Optional.of(v);
            return this;
        }

        public Builder reason(String v) {
            reason = Optional.of(v);
            return this;
        }

        public Builder breakGlass(boolean v) {
            breakGlass = v;
            return this;
        }

        public Builder noticeDeferred(boolean v) {
            noticeDeferred = v;
            return this;
        }

        public Builder detail(String v) {
            detail = Optional.of(v);
            return this;
        }

        public AuditEntry build() {
            return new AuditEntry(at, action, outcome, agent, residentId, resources, disclosed, withheld, purpose,
                    basis, directiveVersion, source, reason, breakGlass, noticeDeferred, detail);
        }
    }
}
