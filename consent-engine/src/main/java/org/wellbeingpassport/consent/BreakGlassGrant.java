package org.wellbeingpassport.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * A break-glass override by one actor: why, for which purpose (safeguarding or emergency
 * treatment only), from when until when, and whether notice to the resident must wait because of
 * a recorded risk ({@code noticeDeferredBecause}).
 */
public record BreakGlassGrant(String id, Actor actor, String reason, Purpose purpose, Instant start, Instant expiry,
        Optional<String> noticeDeferredBecause) {

    public BreakGlassGrant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(noticeDeferredBecause, "noticeDeferredBecause");
    }

    /** Every problem with this grant under a policy; the engine ignores a grant with problems. */
    public List<Problem> problems(BreakGlassPolicy policy) {
        List<Problem> out = new ArrayList<>();
        String where = "break-glass " + id;
        if (id.isBlank()) {
            out.add(new Problem(where, ProblemKind.BLANK_ID, "the grant has a blank id"));
        }
        if (reason.isBlank()) {
            out.add(new Problem(where, ProblemKind.NO_REASON, "break-glass needs a stated reason"));
        }
        if (purpose != Purpose.SAFEGUARDING && purpose != Purpose.EMERGENCY_TREATMENT) {
            out.add(new Problem(where, ProblemKind.BREAK_GLASS_PURPOSE,
                    "break-glass is only for safeguarding or emergency treatment, not " + purpose.code()));
        }
        if (!expiry.isAfter(start)) {
            out.add(new Problem(where, ProblemKind.PERIOD_ENDS_BEFORE_START, "the grant expires before it starts"));
        } else if (Duration.between(start, expiry).compareTo(policy.maxDuration()) > 0) {
            out.add(new Problem(where, ProblemKind.BREAK_GLASS_TOO_LONG,
                    "break-glass may last at most " + policy.maxDuration()));
        }
        noticeDeferredBecause.ifPresent(r -> {
            if (r.isBlank()) {
                out.add(new Problem(where, ProblemKind.NO_REASON, "deferring notice needs a recorded risk"));
            }
        });
        return List.copyOf(out);
    }

    /** Validated at the door. */
    public static Validated<BreakGlassGrant> validate(BreakGlassGrant grant, BreakGlassPolicy policy) {
        List<Problem> problems = grant.problems(policy);
        return problems.isEmpty() ? new Validated.Valid<>(grant) : new Validated.Invalid<>(problems);
    }

    boolean activeAt(Instant t) {
        return !t.isBefore(start) && t.isBefore(expiry);
    }
}
