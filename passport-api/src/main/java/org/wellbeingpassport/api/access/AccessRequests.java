package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.gate.Notifications;

import org.wellbeingpassport.api.passport.IdentifierIndex;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.consent.Period;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/**
 * First contact by request: a professional asks with an NHS number and date of birth, a purpose and the sections they
 * need; the answer is always "pending", so asking reveals nothing about who has a passport. A request that matches
 * (NHS number on the Patient and the same birth date) reaches the resident, who approves (in full or in part, until a
 * date) or refuses; one that does not silently expires.
 *
 * <p>
 * Storage, every access by full key: {@code access_requests} by request id (random, unguessable);
 * {@code access_request_inbox} one document per resident listing their newest request ids ($push/$slice by _id);
 * {@code access_request_decisions} by request id, inserted to claim the one decision (approve and refuse racing:
 * the insert that wins decides, the other gets 409).
 */
@Singleton
public final class AccessRequests {
    static final String REQUESTS = "access_requests";
    static final String INBOX = "access_request_inbox";
    static final String DECISIONS = "access_request_decisions";
    /** An undecided request lapses after this. */
    static final Duration PENDING_FOR = Duration.ofDays(14);
    /** Approval without an end date lasts this long. */
    static final Duration DEFAULT_GRANT = Duration.ofDays(90);
    /** No approval lasts longer than this (the resident can approve again). */
    static final Duration MAX_GRANT = Duration.ofDays(366);
    /** Requests per professional per rolling hour, across every instance. */
    static final int REQUESTS_PER_HOUR = 10;
    private static final int INBOX_KEEP = 100;
    /** A professional's request is an ask, on no basis yet (the resident decides). */
    private static final String BASIS = Gate.NO_BASIS;

    private final MongoCollection<Document> requests;
    private final MongoCollection<Document> inbox;
    private final MongoCollection<Document> decisions;
    private final IdentifierIndex identifiers;
    private final Grants grants;
    private final Notifications notifications;
    private final Gate gate;
    private final AccessClock clock;
    private final RateLimiter perCaller;

    public AccessRequests(MongoStore store, IdentifierIndex identifiers, Grants grants, Notifications notifications,
            Gate gate, AccessClock clock) {
        this.requests = store.database().getCollection(REQUESTS);
        this.inbox = store.database().getCollection(INBOX);
        this.decisions = store.database().getCollection(DECISIONS);
        this.identifiers = identifiers;
        this.grants = grants;
        this.notifications = notifications;
        this.gate = gate;
        this.clock = clock;
        this.perCaller = new RateLimiter(store, "access-requests", REQUESTS_PER_HOUR, Duration.ofHours(1));
    }

    /** Files a request; the id is the only answer, whatever matched. */
    String file(Caller.Professional caller, String nhsNumber, String birthDate, Purpose purpose,
            Set<StorySection> sections, String reason) {
        Instant now = clock.now();
        if (!perCaller.tryAcquire(caller.account(), now)) {
            gate.refused(Gate.Change.attempt(caller, AuditAction.ACCESS_REQUEST, Optional.empty(), List.of(),
                    Optional.of(purpose.code()), BASIS, "rate limit"));
            throw Problem.tooMany("At most " + REQUESTS_PER_HOUR + " access requests an hour; try again later.",
                    perCaller.window());
        }
        Optional<String> residentId = identifiers.lookup(nhsNumber).filter(e -> e.birthDateMatches(birthDate))
                .map(IdentifierIndex.Entry::residentId);
        String id = UUID.randomUUID().toString();
        Gate.Change change = Gate.Change
                .attempt(caller, AuditAction.ACCESS_REQUEST, residentId, List.of("AccessRequest/" + id),
                        Optional.of(purpose.code()), BASIS,
                        residentId.isPresent() ? "sent to the resident" : "no matching passport: will lapse")
                .because(reason);
        // record first: without the entry, no request is filed and the resident is not asked
        return gate.change(change, () -> store(caller, id, residentId, purpose, sections, reason, now));
    }

    private String store(Caller.Professional caller, String id, Optional<String> residentId, Purpose purpose,
            Set<StorySection> sections, String reason, Instant now) {
        Document d = new Document("_id", id).append("by", caller.account()).append("pid", caller.subject())
                .append("pname", caller.name()).append("role", caller.role().code())
                .append("orgId", caller.organisationId()).append("orgName", caller.organisationName())
                .append("purpose", purpose.code()).append("sections", codes(sections)).append("reason", reason)
                .append("created", Date.from(now)).append("expires", Date.from(now.plus(PENDING_FOR)))
                .append("status", "pending");
        residentId.ifPresent(r -> d.append("rid", r));
        requests.insertOne(d);
        residentId.ifPresent(r -> {
            inbox.updateOne(eq("_id", r), Updates.pushEach("ids", List.of(id), new PushOptions().slice(-INBOX_KEEP)),
                    new UpdateOptions().upsert(true));
            notifications.notify(r,
                    new Notifications.Notice(now, Notifications.Kind.ACCESS_REQUEST,
                            caller.name() + " (" + caller.role().label() + ", " + caller.organisationName()
                                    + ") asks to see parts of your passport for " + purpose.label() + ".",
                            Optional.of(id)));
        });
        return id;
    }

    /** The requester's view: what happened to their request. Empty if it is not theirs (or not there). */
    Optional<AccessRequestStatus> forRequester(Caller.Professional caller, String id) {
        Document d = find(id).filter(x -> caller.account().equals(x.getString("by"))).orElse(null);
        if (d == null) {
            return Optional.empty();
        }
        String status = status(d, clock.now());
        boolean open = "pending".equals(status) || "expired".equals(status);
        boolean approved = "approved".equals(status);
        return Optional.of(new AccessRequestStatus(id, status, purposeCode(d.getString("purpose")),
                sectionCodes(d.getList("sections", String.class)), d.getDate("created").toInstant(),
                open ? d.getDate("expires").toInstant() : null, approved ? d.getString("rid") : null,
                approved ? sectionCodes(d.getList("granted", String.class)) : null,
                approved && d.getString("until") != null ? LocalDate.parse(d.getString("until")) : null));
    }

    static org.wellbeingpassport.api.http.codes.PurposeCode purposeCode(String code) {
        return org.wellbeingpassport.api.http.codes.PurposeCode.of(Purpose.fromCode(code).orElseThrow());
    }

    static List<org.wellbeingpassport.api.http.codes.SectionCode> sectionCodes(List<String> codes) {
        return codes.stream()
                .map(c -> org.wellbeingpassport.api.http.codes.SectionCode.of(StorySection.fromCode(c).orElseThrow()))
                .toList();
    }

    static List<org.wellbeingpassport.api.http.codes.SectionCode> sectionCodes(Set<StorySection> sections) {
        return sections.stream().sorted().map(org.wellbeingpassport.api.http.codes.SectionCode::of).toList();
    }

    /** The resident's pending requests, newest first. */
    List<PendingRequest> pendingFor(String residentId) {
        Document box = inbox.find(eq("_id", residentId)).first();
        List<PendingRequest> out = new ArrayList<>();
        if (box == null) {
            return out;
        }
        Instant now = clock.now();
        List<String> ids = box.getList("ids", String.class, List.of());
        for (int i = ids.size() - 1; i >= 0; i--) {
            Optional<Document> d = find(ids.get(i)).filter(x -> residentId.equals(x.getString("rid")));
            if (d.isPresent() && "pending".equals(status(d.get(), now))) {
                out.add(residentView(d.get()));
            }
        }
        return out;
    }

    /** What an approval gave. */
    record Approval(List<String> sections, LocalDate until, String provisionId) {
    }

    Approval approve(Caller caller, String residentId, String id, Optional<Set<StorySection>> subset,
            Optional<LocalDate> until) {
        Instant now = clock.now();
        Document d = pendingOf(residentId, id, now);
        Set<StorySection> asked = sections(d.getList("sections", String.class));
        Set<StorySection> granted = subset.orElse(asked);
        if (granted.isEmpty() || !asked.containsAll(granted)) {
            throw Problem.invalid("Approve only sections that were asked for",
                    List.of("sections: a subset of " + String.join(", ", d.getList("sections", String.class))));
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate last = until.orElse(LocalDate.ofInstant(now.plus(DEFAULT_GRANT), ZoneOffset.UTC));
        if (!last.isAfter(today.minusDays(1))
                || last.isAfter(LocalDate.ofInstant(now.plus(MAX_GRANT), ZoneOffset.UTC))) {
            throw Problem.invalid("'until' must be from today to a year from now",
                    List.of("until: " + today + " .. " + LocalDate.ofInstant(now.plus(MAX_GRANT), ZoneOffset.UTC)));
        }
        Instant end = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Purpose purpose = Purpose.fromCode(d.getString("purpose")).orElseThrow();
        String provisionId = Grants.newProvisionId("request");
        Provision permit = Provision.permit(provisionId).to(Recipient.named(d.getString("pid"), d.getString("pname")))
                .covering(Scope.sections(granted.toArray(StorySection[]::new))).forPurposes(purpose).grantedAt(now)
                .during(Period.between(now, end)).build();
        claimDecision(id, "approved", now);
        Gate.Change change = new Gate.Change(caller, AuditAction.ACCESS_DECISION, residentId,
                List.of("AccessRequest/" + id, "Consent/directives"), Optional.of(purpose.code()), "resident",
                "approved for " + d.getString("pname") + " until " + last + ": " + String.join(", ", codes(granted)));
        try {
            // record first, then the permit: with the audit store down, 503 and no permit (the claim is undone)
            Grants.Outcome outcome = gate.change(change, () -> grants.add(residentId, permit));
            if (!(outcome instanceof Grants.Outcome.Done)) {
                gate.notApplied(change, "the directives refused the permit");
                throw Problem.invalid("The approval could not be recorded",
                        outcome instanceof Grants.Outcome.Refused r ? r.problems() : List.of());
            }
        } catch (RuntimeException e) {
            decisions.deleteOne(eq("_id", id));
            throw e;
        }
        requests.updateOne(eq("_id", id),
                Updates.combine(Updates.set("status", "approved"), Updates.set("decided", Date.from(now)),
                        Updates.set("granted", codes(granted)), Updates.set("until", last.toString()),
                        Updates.set("provisionId", provisionId)));
        notifications.notify(residentId,
                new Notifications.Notice(now, Notifications.Kind.ACCESS_GRANTED,
                        "You let " + d.getString("pname") + " (" + d.getString("orgName") + ") see " + labels(granted)
                                + " for " + purpose.label() + " until " + Notifications.forPeople(last) + ".",
                        Optional.of(provisionId)));
        return new Approval(codes(granted), last, provisionId);
    }

    void refuse(Caller caller, String residentId, String id) {
        Instant now = clock.now();
        Document d = pendingOf(residentId, id, now);
        claimDecision(id, "refused", now);
        Gate.Change change = new Gate.Change(caller, AuditAction.ACCESS_DECISION, residentId,
                List.of("AccessRequest/" + id), Optional.of(d.getString("purpose")), "resident", "refused");
        try {
            gate.change(change, () -> requests.updateOne(eq("_id", id),
                    Updates.combine(Updates.set("status", "refused"), Updates.set("decided", Date.from(now)))));
        } catch (RuntimeException e) {
            decisions.deleteOne(eq("_id", id));
            throw e;
        }
    }

    private Document pendingOf(String residentId, String id, Instant now) {
        Document d = find(id).filter(x -> residentId.equals(x.getString("rid"))).orElseThrow(Problem::notAvailable);
        String status = status(d, now);
        if (!"pending".equals(status)) {
            throw Problem.conflict("This request is " + status + "; it can no longer be answered.");
        }
        return d;
    }

    private void claimDecision(String id, String decision, Instant now) {
        if (!Mongo.claim(decisions,
                new Document("_id", id).append("decision", decision).append("at", Date.from(now)))) {
            throw Problem.conflict("This request has already been answered.");
        }
    }

    private Optional<Document> find(String id) {
        if (id == null || id.length() > 64) {
            return Optional.empty();
        }
        return Optional.ofNullable(requests.find(eq("_id", id)).first());
    }

    static String status(Document d, Instant now) {
        String s = d.getString("status");
        if ("pending".equals(s) && !now.isBefore(d.getDate("expires").toInstant())) {
            return "expired";
        }
        return s;
    }

    private static PendingRequest residentView(Document d) {
        var requester = new Requester(
                d.getString("pname"), org.wellbeingpassport.consent.vocabulary.ProfessionalRole
                        .fromCode(d.getString("role")).map(r -> r.label()).orElse(d.getString("role")),
                d.getString("orgName"));
        return new PendingRequest(d.getString("_id"), requester, purposeCode(d.getString("purpose")),
                Purpose.fromCode(d.getString("purpose")).map(Purpose::label).orElse(""),
                sectionCodes(d.getList("sections", String.class)), d.getString("reason"),
                d.getDate("created").toInstant(), d.getDate("expires").toInstant());
    }

    static List<String> codes(Set<StorySection> sections) {
        return sections.stream().sorted().map(StorySection::code).toList();
    }

    static Set<StorySection> sections(List<String> codes) {
        Set<StorySection> out = EnumSet.noneOf(StorySection.class);
        for (String c : codes) {
            StorySection.fromCode(c).ifPresent(out::add);
        }
        return out;
    }

    static String labels(Set<StorySection> sections) {
        return String.join("; ", sections.stream().sorted().map(StorySection::label).toList());
    }
}
