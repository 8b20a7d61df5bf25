package org.wellbeingpassport.consent;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The result of validation at the door: a valid value, or every problem found. */
public sealed interface Validated<T> {

    Optional<T> value();

    List<Problem> problems();

    default boolean isValid() {
        return value().isPresent();
    }

    /** The value; for callers that have already checked, or in tests. */
    default T orElseThrow() {
        return value().orElseThrow(() -> new IllegalStateException("invalid: " + problems()));
    }

    record Valid<T>(T get) implements Validated<T> {
        public Valid {
            Objects.requireNonNull(get, "value");
        }

        @Override
        public Optional<T> value() {
            return Optional.of(get);
        }

        @Override
        public List<Problem> problems() {
            return List.of();
        }
    }

    record Invalid<T>(List<Problem> problems) implements Validated<T> {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid result needs at least one problem");
            }
        }

        @Override
        public Optional<T> value() {
            return Optional.empty();
        }
    }
}
