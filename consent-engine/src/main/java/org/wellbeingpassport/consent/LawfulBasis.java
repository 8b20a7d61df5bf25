package org.wellbeingpassport.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A recorded lawful basis other than consent: what it is ({@code reference}, e.g. the order
 * number), who recorded it and when, what it covers (permit semantics of {@link Scope}) and for
 * how long. It discloses its scope whatever the resident's directives say, except data whose
 * origin forbids onward disclosure. The resident is told unless a recorded risk defers notice.
 */
public record LawfulBasis(String id, LawfulBasisKind kind, String reference, String recordedBy, Instant recordedAt,
        Scope scope, Period period, Optional<String> noticeDeferredBecause) {

    public LawfulBasis {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(recordedBy, "recordedBy");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(noticeDeferredBecause, "noticeDeferredBecause");
    }

    public List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        String where = "lawful basis " + id;
        if (id.isBlank()) {
            out.add(new Problem(where, ProblemKind.BLANK_ID, "the lawful basis has a blank id"));
        }
        if (reference.isBlank()) {
            out.add(new Problem(where, ProblemKind.NO_REFERENCE, "a lawful basis must cite what it rests on"));
        }
        if (recordedBy.isBlank()) {
            out.add(new Problem(where, ProblemKind.NO_REFERENCE, "a lawful basis must record who recorded it"));
        }
        if (scope.isEmpty()) {
            out.add(new Problem(where, ProblemKind.EMPTY_PROVISION, "the lawful basis does not say what it covers"));
        }
        period.end().ifPresent(end -> {
            if (!end.isAfter(period.start())) {
                out.add(new Problem(where, ProblemKind.PERIOD_ENDS_BEFORE_START, "the period ends before it starts"));
            }
        });
        noticeDeferredBecause.ifPresent(r -> {
            if (r.isBlank()) {
                out.add(new Problem(where, ProblemKind.NO_REASON, "deferring notice needs a recorded risk"));
            }
        });
        return List.copyOf(out);
    }

    public static Validated<LawfulBasis> validate(LawfulBasis basis) {
        List<Problem> problems = basis.problems();
        return problems.isEmpty() ? new Validated.Valid<>(basis) : new Validated.Invalid<>(problems);
    }
}
