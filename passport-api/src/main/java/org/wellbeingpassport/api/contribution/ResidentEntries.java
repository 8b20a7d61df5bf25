package org.wellbeingpassport.api.contribution;

import org.wellbeingpassport.api.passport.Disputes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.wellbeingpassport.api.gate.Notifications;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditEntry;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.AuditTrail;
import org.wellbeingpassport.api.auth.AuditAgents;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.passport.SealedElements;
import org.wellbeingpassport.api.store.PassportSnapshot;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.StoredResource;
import org.wellbeingpassport.api.store.WriteOutcome;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.ResidentAssertion;

/**
 * The resident's side of entries others wrote: what awaits them, confirming, disputing (a linked Task; the entry
 * keeps its content, its history keeps every version), and closing a dispute. Always their own passport: anything
 * else is the one 404.
 */
@Singleton
public final class ResidentEntries {
    static final int MAX_REASON = 2000;
    private static final int ATTEMPTS = 5;

    private final PassportStore store;
    private final SealedElements sealed;
    private final AuditTrail audit;
    private final ProfessionalNotifications professionals;

    public ResidentEntries(PassportStore store, SealedElements sealed, AuditTrail audit,
            ProfessionalNotifications professionals) {
        this.store = store;
        this.sealed = sealed;
        this.audit = audit;
        this.professionals = professionals;
    }

    /** Entries (or story sections) whose resident-assertion is {@code status}, newest first. */
    public List<Map<String, Object>> list(String residentId, ResidentAssertion status) {
        PassportSnapshot snapshot = store.snapshot(residentId).orElseThrow(Problem::notAvailable);
        List<Map<String, Object>> out = new ArrayList<>();
        for (PassportSnapshot.Resource r : snapshot.resources()) {
            if (Entries.NOT_ENTRIES.contains(r.type())) {
                continue;
            }
            ObjectNode tree = r.sealed() ? sealed.unseal(residentId, r.tree()) : r.tree();
            if (Entries.assertion(tree).filter(status::equals).isPresent()) {
                out.add(item(r, tree, Optional.empty(), tree));
            }
            if (r.type().equals("Composition")) {
                for (var s : tree.path("section")) {
                    if (Entries.assertion(s).filter(status::equals).isPresent()) {
                        out.add(item(r, s, Optional.of(Entries.sectionCode(s)), tree));
                    }
                }
            }
        }
        out.sort((a, b) -> String.valueOf(b.get("when")).compareTo(String.valueOf(a.get("when"))));
        return List.copyOf(out);
    }

    private static Map<String, Object> item(PassportSnapshot.Resource r, com.fasterxml.jackson.databind.JsonNode el,
            Optional<String> section, ObjectNode resource) {
        String type = section.isPresent() ? "Composition" : r.type();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", r.type());
        m.put("id", r.id());
        section.ifPresent(s -> m.put("section", s));
        Entries.authorOf(el, type).ifPresent(a -> m.put("author", a));
        Entries.authorName(el, type).ifPresent(a -> m.put("authorName", a));
        m.put("when", Entries.assertedOn(el).orElse(r.lastUpdated().toString()));
        m.put("status", Entries.assertion(el).map(ResidentAssertion::code).orElse(""));
        m.put("summary", section.isPresent() ? el.path("title").asText(section.get()) : Entries.summary(resource));
        m.put("version", r.version());
        return m;
    }

    /** The resident confirms an entry (or story section) someone else proposed: a new version, "confirmed". */
    public long confirm(Caller me, String residentId, String type, String id, Optional<String> section) {
        Instant now = now();
        StoredResource current = entry(residentId, type, id);
        ObjectNode tree = sealed.unseal(residentId, Fhir.tree(current.json()));
        ObjectNode element = element(tree, section);
        Optional<ResidentAssertion> was = Entries.assertion(element);
        if (was.isEmpty() || was.get() == ResidentAssertion.WRITTEN || was.get() == ResidentAssertion.CONFIRMED) {
            throw new Problem(HttpStatus.CONFLICT, "Nothing to confirm", "This entry is not waiting for you: it is "
                    + was.map(ResidentAssertion::display).orElse("not marked for confirmation") + ".");
        }
        if (was.get() == ResidentAssertion.DISPUTED) {
            throw new Problem(HttpStatus.CONFLICT, "Disputed",
                    "You have disputed this entry: resolve or withdraw the dispute (POST /me/disputes/{id}/resolve).");
        }
        audit.record(AuditEntry.builder(AuditAction.CONFIRMATION, AuditOutcome.SUCCESS, AuditAgents.of(me)).at(now)
                .resident(residentId).resources(List.of(type + "/" + id)).purpose("record-correction").basis("resident")
                .detail("the resident confirmed an entry" + section.map(s -> " (section " + s + ")").orElse(""))
                .build());
        return rewrite(residentId, type, id, t -> {
            Entries.setAssertion(element(t, section), ResidentAssertion.CONFIRMED, Optional.empty());
            return t;
        });
    }

    /** A new dispute, as the resident sees it (201 body). */
    public Map<String, Object> dispute(Caller me, String residentId, String type, String id, Optional<String> section,
            String reason) {
        Instant now = now();
        if (Entries.NOT_ENTRIES.contains(type)) {
            throw Problem.notAvailable();
        }
        StoredResource current = entry(residentId, type, id);
        ObjectNode tree = sealed.unseal(residentId, Fhir.tree(current.json()));
        ObjectNode element = element(tree, section);
        Optional<String> author = Entries.authorOf(element, section.isPresent() ? "Composition" : type);
        if (author.filter(("Patient/" + residentId)::equals).isPresent()) {
            throw new Problem(HttpStatus.CONFLICT, "You wrote this",
                    "This entry is in your own words: change it with PUT /me/passport/" + type + "/" + id + ".");
        }
        String prior = Entries.assertion(element).map(ResidentAssertion::code).orElse("none");
        String disputeId = UUID.randomUUID().toString();
        String entryRef = type + "/" + id;
        ObjectNode task = Disputes.task(disputeId, residentId, entryRef, section, author, reason, prior, now);
        // fail closed: without an audit entry nothing is written
        audit.record(AuditEntry.builder(AuditAction.DISPUTE, AuditOutcome.SUCCESS, AuditAgents.of(me)).at(now)
                .resident(residentId).resources(List.of(entryRef, "Task/" + disputeId)).purpose("record-correction")
                .basis("resident")
                .detail("the resident disputed an entry" + section.map(s -> " (section " + s + ")").orElse(""))
                .build());
        write(residentId, "Task", disputeId, OptionalLong.of(0), task);
        rewrite(residentId, type, id, t -> {
            Entries.setAssertion(element(t, section), ResidentAssertion.DISPUTED, Optional.empty());
            return t;
        });
        author.filter(a -> a.startsWith("Practitioner/")).ifPresent(a -> professionals.notify(
                a.substring("Practitioner/".length()), residentId,
                new Notifications.Notice(now, Notifications.Kind.DISPUTE_RAISED,
                        "A resident disputes an entry you wrote in their passport (" + entryRef
                                + section.map(s -> ", section " + s).orElse("")
                                + "). The entry stays as you wrote it; the dispute goes with it until resolved.",
                        Optional.of(entryRef))));
        return Disputes.view(task);
    }

    /** The resident closes one of their disputes: resolved, or withdrawn. */
    public Map<String, Object> close(Caller me, String residentId, String disputeId, Disputes.Closing how) {
        Instant now = now();
        StoredResource stored = store.read(residentId, "Task", disputeId).orElseThrow(Problem::notAvailable);
        ObjectNode task = sealed.unseal(residentId, Fhir.tree(stored.json()));
        if (!Disputes.isDispute(task)) {
            throw Problem.notAvailable();
        }
        if (!Disputes.isOpen(task)) {
            throw new Problem(HttpStatus.CONFLICT, "Closed already", "This dispute is closed already.");
        }
        String entryRef = Disputes.focus(task);
        Optional<String> section = Disputes.section(task);
        audit.record(AuditEntry.builder(AuditAction.DISPUTE_RESOLUTION, AuditOutcome.SUCCESS, AuditAgents.of(me))
                .at(now).resident(residentId).resources(List.of(entryRef, "Task/" + disputeId))
                .purpose("record-correction").basis("resident").detail("the resident closed a dispute: " + how.code)
                .build());
        Disputes.close(task, how, now);
        if (write(residentId, "Task", disputeId, OptionalLong.of(stored.version()),
                task) instanceof WriteOutcome.VersionConflict) {
            throw new Problem(HttpStatus.CONFLICT, "Changed since you read it", "This dispute changed; try again.");
        }
        String[] ref = entryRef.split("/", 2);
        boolean othersOpen = store.snapshot(residentId).map(Disputes::openByResource)
                .map(m -> m.getOrDefault(entryRef, Map.of()).containsKey(Entries.anchor(section))).orElse(false);
        if (!othersOpen && store.read(residentId, ref[0], ref[1]).isPresent()) {
            ResidentAssertion after = how == Disputes.Closing.RESOLVED
                    ? ResidentAssertion.CONFIRMED
                    : Disputes.input(task, Disputes.INPUT_PRIOR).flatMap(ResidentAssertion::fromCode)
                            .filter(a -> a != ResidentAssertion.DISPUTED).orElse(ResidentAssertion.PROPOSED);
            rewrite(residentId, ref[0], ref[1], t -> {
                Entries.setAssertion(element(t, section), after, Optional.empty());
                return t;
            });
        }
        String owner = task.path("owner").path("reference").asText("");
        if (owner.startsWith("Practitioner/")) {
            professionals
                    .notify(owner.substring("Practitioner/".length()), residentId,
                            new Notifications.Notice(now, Notifications.Kind.DISPUTE_RESOLVED,
                                    "A resident has " + how.code + " their dispute of an entry you wrote (" + entryRef
                                            + section.map(s -> ", section " + s).orElse("") + ").",
                                    Optional.of(entryRef)));
        }
        return Disputes.view(task);
    }

    /** Every dispute of the resident, open first, newest first. */
    public List<Map<String, Object>> disputes(String residentId) {
        PassportSnapshot snapshot = store.snapshot(residentId).orElseThrow(Problem::notAvailable);
        List<Map<String, Object>> out = new ArrayList<>();
        for (PassportSnapshot.Resource r : snapshot.ofType("Task")) {
            if (Disputes.isDispute(r.tree())) {
                out.add(Disputes.view(r.sealed() ? sealed.unseal(residentId, r.tree()) : r.tree()));
            }
        }
        out.sort((a, b) -> {
            int open = Boolean.compare("open".equals(b.get("status")), "open".equals(a.get("status")));
            return open != 0 ? open : String.valueOf(b.get("raised")).compareTo(String.valueOf(a.get("raised")));
        });
        return List.copyOf(out);
    }

    /** Every version of one of the resident's resources, newest first, unsealed, as a FHIR history Bundle. */
    public byte[] history(Caller me, String residentId, String type, String id, Optional<Long> version) {
        List<StoredResource> versions = version.isPresent()
                ? store.readVersion(residentId, type, id, version.get()).map(List::of).orElse(List.of())
                : store.history(residentId, type, id, 100);
        if (versions.isEmpty()) {
            throw Problem.notAvailable();
        }
        audit.record(AuditEntry.builder(AuditAction.READ, AuditOutcome.SUCCESS, AuditAgents.of(me)).at(now())
                .resident(residentId).resources(List.of(type + "/" + id)).purpose("record-correction").basis("resident")
                .detail("the resident read the history of an entry").build());
        if (version.isPresent()) {
            return Fhir.writeBytes(sealed.unseal(residentId, Fhir.tree(versions.get(0).json())));
        }
        ObjectNode bundle = Fhir.json().createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "history");
        bundle.put("total", versions.size());
        var entries = bundle.putArray("entry");
        for (StoredResource v : versions) {
            ObjectNode e = entries.addObject();
            e.put("fullUrl", "urn:wellbeing-passport:" + type + "/" + id + "/_history/" + v.version());
            e.set("resource", sealed.unseal(residentId, Fhir.tree(v.json())));
            e.putObject("request").put("method", v.version() == 1 ? "POST" : "PUT").put("url", type + "/" + id);
            e.putObject("response").put("status", v.version() == 1 ? "201" : "200");
        }
        return Fhir.writeBytes(bundle);
    }

    private StoredResource entry(String residentId, String type, String id) {
        if (Entries.NOT_ENTRIES.contains(type)) {
            throw Problem.notAvailable();
        }
        return store.read(residentId, type, id).orElseThrow(Problem::notAvailable);
    }

    /** The resource itself, or one of its (top-level) story sections. */
    private static ObjectNode element(ObjectNode resource, Optional<String> section) {
        if (section.isEmpty()) {
            return resource;
        }
        if (!"Composition".equals(resource.path("resourceType").asText())) {
            throw Problem.invalid("Only your story (a Composition) has sections",
                    List.of("section: only for a Composition"));
        }
        return Entries.section(resource, section.get())
                .orElseThrow(() -> Problem.invalid("Your story has no section '" + section.get() + "'",
                        List.of("section: a top-level story section")));
    }

    /** A new version of a resource, changed by {@code change} from whatever is current (retried on a race). */
    private long rewrite(String residentId, String type, String id, UnaryOperator<ObjectNode> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            StoredResource current = store.read(residentId, type, id).orElseThrow(Problem::notAvailable);
            ObjectNode tree = change.apply(sealed.unseal(residentId, Fhir.tree(current.json())));
            WriteOutcome outcome = write(residentId, type, id, OptionalLong.of(current.version()), tree);
            if (outcome instanceof WriteOutcome.Written w) {
                return w.resource().version();
            }
            if (outcome instanceof WriteOutcome.NotFound) {
                throw Problem.notAvailable();
            }
        }
        throw new Problem(HttpStatus.CONFLICT, "Changed since you read it",
                type + "/" + id + " is changing right now; try again.");
    }

    private WriteOutcome write(String residentId, String type, String id, OptionalLong ifMatch, ObjectNode tree) {
        return store.update(residentId, type, id, ifMatch, ifMatch.orElse(-1) == 0,
                sealed.sealedVersion(residentId, tree));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
