package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.gate.Notifications;
import org.wellbeingpassport.api.notices.Recipients;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.Period;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.ProvisionType;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/**
 * Carers (scenario 6): a resident delegates some sections, for some purposes, until a date, to a carer's sign-in
 * (Recipient.delegate). The directives decide every read; {@code delegations} (one document per carer account,
 * {@code d.<provisionId>} = the resident and provision) only lets a carer find the passports delegated to them by
 * one indexed read. Each listed delegation is checked against the resident's current directives, so a revoked or
 * ended delegation disappears from the list at once even if this index lags.
 */
@Singleton
final class Delegations {
    static final String COLLECTION = "delegations";
    /** Carers a resident may add per rolling hour, across every instance: a family, not a flood. */
    static final int CARERS_PER_HOUR = 10;

    private final MongoCollection<Document> delegations;
    private final Grants grants;
    private final Notifications notifications;
    private final Gate gate;
    private final AccessClock clock;
    private final Recipients recipients;

    private final RateLimiter perResident;

    Delegations(MongoStore store, Grants grants, Notifications notifications, Gate gate, AccessClock clock,
            Recipients recipients) {
        this.recipients = recipients;
        this.delegations = store.database().getCollection(COLLECTION);
        this.grants = grants;
        this.notifications = notifications;
        this.gate = gate;
        this.clock = clock;
        this.perResident = new RateLimiter(store, "carers-added", CARERS_PER_HOUR, Duration.ofHours(1));
    }

    Delegation add(Caller resident, String residentId, String carerAccount, String carerName,
            Set<StorySection> sections, Set<Purpose> purposes, Optional<LocalDate> until) {
        Instant now = clock.now();
        if (until.isPresent() && until.get().isBefore(LocalDate.ofInstant(now, ZoneOffset.UTC))) {
            throw Problem.invalid("Choose an end date of today or later.", List.of("until: a date from today"));
        }
        if (!perResident.tryAcquire(residentId, now)) {
            throw Problem.tooMany("At most " + CARERS_PER_HOUR + " carers added an hour; try again later.",
                    perResident.window());
        }
        String id = Grants.newProvisionId("carer");
        Provision.Builder b = Provision.permit(id).to(Recipient.delegate(carerAccount, carerName))
                .covering(Scope.sections(sections.toArray(StorySection[]::new)))
                .forPurposes(purposes.toArray(Purpose[]::new)).grantedAt(now);
        until.ifPresent(u -> b.during(Period.between(now, u.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())));
        Provision permit = b.build();
        Gate.Change change = new Gate.Change(resident, AuditAction.DELEGATION, residentId,
                List.of("Consent/directives"), Optional.empty(), "resident",
                "delegated to " + carerName + " (" + id + "): " + String.join(", ", AccessRequests.codes(sections))
                        + until.map(u -> " until " + u).orElse(""));
        // record first: with the audit store down, 503 and no delegation
        Grants.Outcome outcome = gate.change(change, () -> grants.add(residentId, permit));
        if (!(outcome instanceof Grants.Outcome.Done)) {
            gate.notApplied(change, "the directives refused the delegation");
        }
        if (outcome instanceof Grants.Outcome.Refused r) {
            throw Problem.invalid("Check what you let your carer do: the problems are listed.", r.problems());
        }
        if (!(outcome instanceof Grants.Outcome.Done)) {
            throw Problem.notAvailable();
        }
        Document entry = new Document("rid", residentId).append("residentName", resident.name()).append("created",
                Date.from(now));
        delegations.updateOne(eq("_id", carerAccount), Updates.set("d." + id, entry), new UpdateOptions().upsert(true));
        notifications.notify(residentId,
                new Notifications.Notice(now, Notifications.Kind.DELEGATION,
                        "You let " + carerName + " help with " + AccessRequests.labels(sections)
                                + until.map(u -> " until " + Notifications.forPeople(u)).orElse("") + ".",
                        Optional.of(id)));
        return view(residentId, permit, null);
    }

    /** Revokes a delegation; 404 unless it is one of this resident's delegations, not yet ended. */
    void revoke(Caller resident, String residentId, String provisionId) {
        Instant now = clock.now();
        DirectiveSet current = grants.current(residentId);
        // one already ended is not there any more: a second DELETE answers 404, as stopping a share twice does
        Provision p = current.provision(provisionId).filter(Delegations::isDelegation)
                .filter(x -> x.revoked().map(r -> r.isAfter(now)).orElse(true)).orElseThrow(Problem::notAvailable);
        Recipient.Delegate carer = (Recipient.Delegate) p.who().get(0);
        Gate.Change change = new Gate.Change(resident, AuditAction.DELEGATION, residentId,
                List.of("Consent/directives"), Optional.empty(), "resident",
                "delegation " + provisionId + " to " + carer.name() + " ended");
        Optional<Grants.Outcome> outcome = gate.change(change, () -> grants.revoke(residentId, provisionId, now));
        if (outcome.isEmpty() || !(outcome.get() instanceof Grants.Outcome.Done)) {
            gate.notApplied(change, "the delegation was no longer there");
            throw Problem.notAvailable();
        }
        delegations.updateOne(eq("_id", carer.proxyId()), Updates.unset("d." + provisionId));
        recipients.accessChanged(residentId, now); // the carer, if they read anything, is told their access ended
    }

    /** The resident's delegations in force. */
    List<Delegation> ofResident(String residentId) {
        Instant now = clock.now();
        List<Delegation> out = new ArrayList<>();
        for (Provision p : grants.current(residentId).provisions()) {
            if (isDelegation(p) && inForce(p, now)) {
                out.add(view(residentId, p, null));
            }
        }
        return out;
    }

    /** The passports delegated to a carer, as the directives say now. */
    List<Delegation> ofCarer(String carerAccount) {
        Instant now = clock.now();
        Document doc = delegations.find(eq("_id", carerAccount)).first();
        List<Delegation> out = new ArrayList<>();
        if (doc == null || !(doc.get("d") instanceof Document entries)) {
            return out;
        }
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            Document entry = (Document) e.getValue();
            String rid = entry.getString("rid");
            Optional<Provision> p = grants.current(rid).provision(e.getKey()).filter(Delegations::isDelegation)
                    .filter(x -> ((Recipient.Delegate) x.who().get(0)).proxyId().equals(carerAccount))
                    .filter(x -> inForce(x, now));
            if (p.isPresent()) {
                out.add(view(rid, p.get(), entry.getString("residentName")));
            }
        }
        return out;
    }

    private static boolean isDelegation(Provision p) {
        return p.type() == ProvisionType.PERMIT && p.who().size() == 1 && p.who().get(0) instanceof Recipient.Delegate;
    }

    private static boolean inForce(Provision p, Instant now) {
        return p.revoked().map(r -> r.isAfter(now)).orElse(true) && p.period().map(x -> x.contains(now)).orElse(true);
    }

    private static Delegation view(String residentId, Provision p, String residentName) {
        Recipient.Delegate carer = (Recipient.Delegate) p.who().get(0);
        return new Delegation(p.id(), residentId, carer.proxyId(), carer.name(),
                AccessRequests.sectionCodes(p.what().sections()),
                p.purposes().stream().sorted().map(org.wellbeingpassport.api.http.codes.PurposeCode::of).toList(),
                p.period().flatMap(Period::end).map(e -> LocalDate.ofInstant(e.minusSeconds(1), ZoneOffset.UTC))
                        .orElse(null),
                residentName);
    }
}
