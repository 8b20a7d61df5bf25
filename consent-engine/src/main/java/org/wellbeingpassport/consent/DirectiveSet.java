package org.wellbeingpassport.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A resident's directives at one version: immutable, validated, evaluable. Every change returns a
 * new version (n + 1); each decision records the version it used, so keeping every version keeps
 * every past decision reproducible.
 */
public final class DirectiveSet {
    private final String residentId;
    private final long version;
    private final List<Provision> provisions;

    private DirectiveSet(String residentId, long version, List<Provision> provisions) {
        this.residentId = residentId;
        this.version = version;
        this.provisions = List.copyOf(provisions);
    }

    /** Version 0: no provisions, so nothing is disclosed (default deny). */
    public static DirectiveSet empty(String residentId) {
        return restore(residentId, 0, List.of()).orElseThrow();
    }

    /** A stored version, validated again on the way in. */
    public static Validated<DirectiveSet> restore(String residentId, long version, List<Provision> provisions) {
        List<Problem> problems = new ArrayList<>(DirectiveValidation.validate(residentId, provisions));
        if (version < 0) {
            problems.add(new Problem("directives", ProblemKind.NEGATIVE_VERSION, "version must not be negative"));
        }
        if (!problems.isEmpty()) {
            return new Validated.Invalid<>(problems);
        }
        return new Validated.Valid<>(new DirectiveSet(residentId, version, provisions));
    }

    /** The next version with these provisions in place of the current ones. */
    public Validated<DirectiveSet> next(List<Provision> newProvisions) {
        return restore(residentId, version + 1, newProvisions);
    }

    /** The next version with one more top-level provision. */
    public Validated<DirectiveSet> add(Provision provision) {
        List<Provision> all = new ArrayList<>(provisions);
        all.add(provision);
        return next(all);
    }

    /** The next version with the provision (top-level or nested) marked revoked at {@code at}. */
    public Validated<DirectiveSet> revoke(String provisionId, Instant at) {
        if (provision(provisionId).isEmpty()) {
            return new Validated.Invalid<>(List.of(new Problem("provision " + provisionId,
                    ProblemKind.UNKNOWN_PROVISION, "no provision with id '" + provisionId + "'")));
        }
        return next(provisions.stream().map(p -> revoke(p, provisionId, at)).toList());
    }

    private static Provision revoke(Provision p, String id, Instant at) {
        if (p.id().equals(id)) {
            return p.revokedAt(at);
        }
        return p.withNested(p.nested().stream().map(c -> revoke(c, id, at)).toList());
    }

    /** A provision by id, at any depth. */
    public Optional<Provision> provision(String id) {
        return find(provisions, id);
    }

    private static Optional<Provision> find(List<Provision> ps, String id) {
        for (Provision p : ps) {
            if (p.id().equals(id)) {
                return Optional.of(p);
            }
            Optional<Provision> inner = find(p.nested(), id);
            if (inner.isPresent()) {
                return inner;
            }
        }
        return Optional.empty();
    }

    public String residentId() {
        return residentId;
    }

    public long version() {
        return version;
    }

    public List<Provision> provisions() {
        return provisions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirectiveSet d && residentId.equals(d.residentId) && version == d.version
                && provisions.equals(d.provisions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(residentId, version, provisions);
    }

    @Override
    public String toString() {
        return "DirectiveSet[" + residentId + " v" + version + ", " + provisions.size() + " provisions]";
    }
}
