package org.wellbeingpassport.api.access;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.security.SecureRandom;
import java.time.Instant;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Validated;

/**
 * Changes to a resident's directives made by the access flows: one provision added or revoked, as a new directive
 * version, retried on a concurrent change (If-Match on the version read), so two flows never lose each other's
 * change. The directives stay the only source of truth for decisions.
 */
@Singleton
final class Grants {
    private static final int ATTEMPTS = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private final DirectiveStore directives;

    Grants(DirectiveStore directives) {
        this.directives = directives;
    }

    /** A fresh provision id: the prefix says which flow made it. */
    static String newProvisionId(String prefix) {
        StringBuilder b = new StringBuilder(prefix).append('-');
        for (int i = 0; i < 12; i++) {
            b.append(ID_CHARS[RANDOM.nextInt(ID_CHARS.length)]);
        }
        return b.toString();
    }

    /** What a change did. */
    sealed interface Outcome {
        record Done(DirectiveSet directives) implements Outcome {
        }

        record Refused(List<String> problems) implements Outcome {
        }

        record NoPassport() implements Outcome {
        }
    }

    Outcome add(String residentId, Provision provision) {
        return change(residentId, current -> {
            List<Provision> all = new ArrayList<>(current.provisions());
            all.add(provision);
            return Optional.of(all);
        });
    }

    /** Revokes a top-level provision; empty when there is none with that id. */
    Optional<Outcome> revoke(String residentId, String provisionId, Instant at) {
        DirectiveSet now = directives.current(residentId);
        if (now.provision(provisionId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(change(residentId, current -> {
            Validated<DirectiveSet> v = current.revoke(provisionId, at);
            return v.value().map(DirectiveSet::provisions);
        }));
    }

    DirectiveSet current(String residentId) {
        return directives.current(residentId);
    }

    private Outcome change(String residentId, java.util.function.Function<DirectiveSet, Optional<List<Provision>>> f) {
        for (int i = 0; i < ATTEMPTS; i++) {
            DirectiveSet current = directives.current(residentId);
            Optional<List<Provision>> next = f.apply(current);
            if (next.isEmpty()) {
                return new Outcome.Refused(List.of("the change no longer applies"));
            }
            DirectiveStore.Saved saved = directives.save(residentId, OptionalLong.of(current.version()), next.get());
            if (saved instanceof DirectiveStore.Saved.Written w) {
                return new Outcome.Done(w.directives());
            }
            if (saved instanceof DirectiveStore.Saved.Invalid inv) {
                return new Outcome.Refused(inv.problems().stream().map(p -> p.message()).toList());
            }
            if (saved instanceof DirectiveStore.Saved.NoPassport) {
                return new Outcome.NoPassport();
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("directives kept changing; gave up after " + ATTEMPTS + " attempts");
    }
}
