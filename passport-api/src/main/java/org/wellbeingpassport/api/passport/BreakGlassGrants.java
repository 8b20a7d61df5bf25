package org.wellbeingpassport.api.passport;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.consent.Actor;
import org.wellbeingpassport.consent.BreakGlassGrant;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * Break-glass grants in force: {@code break_glass} keyed by {r: resident id, p: practitioner id}, so the check on
 * a read is one indexed lookup, made only for the two break-glass purposes by the two roles that may break the glass.
 * A new grant by the same professional for the same resident replaces the previous one (every grant is in the audit
 * trail, so nothing is lost).
 */
@Singleton
public class BreakGlassGrants {
    static final String COLLECTION = "break_glass";
    /** Who may break the glass. */
    public static final Set<ProfessionalRole> ROLES = Set.of(ProfessionalRole.SAFEGUARDING_LEAD,
            ProfessionalRole.CRISIS_TEAM_CLINICIAN);
    /** What break-glass is for. */
    public static final Set<Purpose> PURPOSES = Set.of(Purpose.SAFEGUARDING, Purpose.EMERGENCY_TREATMENT);

    private final MongoCollection<Document> grants;

    public BreakGlassGrants(MongoStore store) {
        this.grants = store.database().getCollection(COLLECTION);
    }

    public void put(String residentId, BreakGlassGrant grant) {
        Document key = key(residentId, grant.actor().id());
        Document d = new Document("_id", key).append("grantId", grant.id()).append("reason", grant.reason())
                .append("purpose", grant.purpose().code()).append("start", Date.from(grant.start()))
                .append("expiry", Date.from(grant.expiry()));
        grant.noticeDeferredBecause().ifPresent(r -> d.append("deferredBecause", r));
        grants.replaceOne(eq("_id", key), d, new ReplaceOptions().upsert(true));
    }

    /**
     * The grant this professional holds for this resident, for a read with this purpose at this time: present only
     * for an eligible role and purpose and a grant that has started and not expired. The grant's purpose is the
     * read's (either break-glass purpose), so the engine accepts it for that read.
     */
    public Optional<BreakGlassGrant> active(String residentId, Actor actor, Purpose purpose, Instant at) {
        if (!(actor instanceof Actor.Professional p) || !ROLES.contains(p.role()) || !PURPOSES.contains(purpose)) {
            return Optional.empty();
        }
        Document d = grants.find(eq("_id", key(residentId, p.id()))).first();
        if (d == null) {
            return Optional.empty();
        }
        Instant start = d.getDate("start").toInstant();
        Instant expiry = d.getDate("expiry").toInstant();
        if (at.isBefore(start) || !at.isBefore(expiry)) {
            return Optional.empty();
        }
        return Optional.of(new BreakGlassGrant(d.getString("grantId"), actor, d.getString("reason"), purpose, start,
                expiry, Optional.ofNullable(d.getString("deferredBecause"))));
    }

    private static Document key(String residentId, String practitionerId) {
        return new Document("r", residentId).append("p", practitionerId);
    }
}
