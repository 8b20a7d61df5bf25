package org.wellbeingpassport.api.passport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.wellbeingpassport.api.store.PassportSnapshot;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.StoredResource;
import org.wellbeingpassport.api.store.WriteOutcome;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Validated;
import org.wellbeingpassport.fhir.Fhir;

/**
 * A resident's directives, kept as one FHIR Consent resource ({@code Consent/directives}) in their passport. Its
 * version is the directive version: every change is a new version, the history is the Consent's history, and any
 * past decision is reproduced from the version it recorded.
 */
@Singleton
public final class DirectiveStore {
    public static final String TYPE = "Consent";

    /** The Consent's id: unique across residents, as partners see it. */
    public static String idFor(String residentId) {
        return residentId + "-directives";
    }

    private final PassportStore store;
    private final ConsentCodec codec;

    public DirectiveStore(PassportStore store, ConsentCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /** The directives in force in this snapshot (none yet: an empty set, version 0, which denies everything). */
    public DirectiveSet current(PassportSnapshot snapshot) {
        return snapshot.find(TYPE, idFor(snapshot.residentId()))
                .map(r -> codec.toDirectives(snapshot.residentId(), r.version(), r.tree()))
                .orElseGet(() -> DirectiveSet.empty(snapshot.residentId()));
    }

    public DirectiveSet current(String residentId) {
        return store.read(residentId, TYPE, idFor(residentId))
                .map(r -> codec.toDirectives(residentId, r.version(), Fhir.tree(r.json())))
                .orElseGet(() -> DirectiveSet.empty(residentId));
    }

    /** The directives as they were at a version (for explaining a past decision). */
    public Optional<DirectiveSet> atVersion(String residentId, long version) {
        if (version == 0) {
            return Optional.of(DirectiveSet.empty(residentId));
        }
        return store.readVersion(residentId, TYPE, idFor(residentId), version)
                .map(r -> codec.toDirectives(residentId, version, Fhir.tree(r.json())));
    }

    public List<StoredResource> history(String residentId, int count) {
        return store.history(residentId, TYPE, idFor(residentId), count);
    }

    /** One stored version of a resident's directives: its version number and its Consent as stored. */
    public record Version(long version, String json) {
    }

    /** The resident's directive versions, newest first, at most {@code count}. */
    public List<Version> versions(String residentId, int count) {
        return history(residentId, count).stream().map(r -> new Version(r.version(), r.json())).toList();
    }

    /** What a save did: written at a version, refused with every problem, or a stale If-Match. */
    public sealed interface Saved {
        record Written(DirectiveSet directives) implements Saved {
        }

        record Invalid(List<org.wellbeingpassport.consent.Problem> problems) implements Saved {
        }

        record Conflict(long currentVersion) implements Saved {
        }

        record NoPassport() implements Saved {
        }
    }

    /**
     * Replaces the directives (validated first: an invalid set is never stored). The check before the write uses the
     * version the caller names, or 1 when it names none: what {@link DirectiveSet#restore} checks of a version is only
     * that it is not negative, and the version written (the one the store assigns, at least 1) is checked again when
     * it is rendered. So the current directives are not read (and parsed) just to learn their version.
     */
    public Saved save(String residentId, OptionalLong ifMatch, List<Provision> provisions) {
        long base = ifMatch.orElse(0);
        Validated<DirectiveSet> validated = DirectiveSet.restore(residentId, base + 1, provisions);
        if (validated instanceof Validated.Invalid<DirectiveSet> invalid) {
            return new Saved.Invalid(invalid.problems());
        }
        WriteOutcome outcome = store.update(residentId, TYPE, idFor(residentId), ifMatch, true, (id, version, at) -> {
            DirectiveSet at_ = DirectiveSet.restore(residentId, version, provisions).orElseThrow();
            ObjectNode consent = codec.toConsent(at_, at);
            return Fhir.write(consent);
        });
        if (outcome instanceof WriteOutcome.Written w) {
            return new Saved.Written(
                    codec.toDirectives(residentId, w.resource().version(), Fhir.tree(w.resource().json())));
        }
        if (outcome instanceof WriteOutcome.VersionConflict c) {
            return new Saved.Conflict(c.currentVersion());
        }
        return new Saved.NoPassport();
    }
}
