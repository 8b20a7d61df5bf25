package org.wellbeingpassport.fhir.codes;

import java.util.Objects;
import java.util.Optional;

/**
 * What travels with a disclosed entry about the resident's view of it: an open correction request (its id, as the
 * {@code open-dispute} extension), or, once the author declined it, the resident's statement of disagreement (the
 * request's id and the statement, as the {@code disagreement} extension). The consent engine carries these as opaque
 * strings (a data item's "open disputes", attached when anything of the item is disclosed); {@link #encode} and
 * {@link #decode} are the one place that gives them their shape.
 */
public record CarriedNote(Kind kind, String id, Optional<String> statement) {
    private static final char SEP = '\u0000';
    private static final String DISAGREEMENT_PREFIX = SEP + "disagreement" + SEP;

    public enum Kind {
        OPEN_DISPUTE,
        DISAGREEMENT
    }

    public CarriedNote {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(statement, "statement");
    }

    public static CarriedNote openDispute(String id) {
        return new CarriedNote(Kind.OPEN_DISPUTE, id, Optional.empty());
    }

    public static CarriedNote disagreement(String requestId, String statement) {
        return new CarriedNote(Kind.DISAGREEMENT, requestId, Optional.of(statement));
    }

    /** The opaque form carried by the engine (an open dispute stays its bare id, as before). */
    public String encode() {
        return kind == Kind.OPEN_DISPUTE ? id : DISAGREEMENT_PREFIX + id + SEP + statement.orElse("");
    }

    public static CarriedNote decode(String carried) {
        if (carried.startsWith(DISAGREEMENT_PREFIX)) {
            String rest = carried.substring(DISAGREEMENT_PREFIX.length());
            int sep = rest.indexOf(SEP);
            return sep < 0 ? disagreement(rest, "") : disagreement(rest.substring(0, sep), rest.substring(sep + 1));
        }
        return openDispute(carried);
    }
}
