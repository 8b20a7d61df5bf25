package org.wellbeingpassport.consent.vocabulary;

import java.util.Optional;

/**
 * A member of one of the passport's closed vocabularies: a stable code (used in FHIR codings,
 * storage and APIs; never change one once released) and a plain-language label for residents.
 */
public interface Coded {
    /** The stable code, lower-case and hyphenated. */
    String code();

    /** Plain, non-labelling words a resident reads, e.g. "what matters to me". */
    String label();

    static <E extends Coded> Optional<E> fromCode(E[] values, String code) {
        if (code == null) {
            return Optional.empty();
        }
        for (E e : values) {
            if (e.code().equals(code)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
