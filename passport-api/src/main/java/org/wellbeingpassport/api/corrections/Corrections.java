package org.wellbeingpassport.api.corrections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.AuditQuery;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.contribution.Entries;
import org.wellbeingpassport.api.contribution.EntryVersions;
import org.wellbeingpassport.api.contribution.ProfessionalNotifications;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.gate.Notifications;
import org.wellbeingpassport.api.gate.Provenance;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.notices.Recipients;
import org.wellbeingpassport.api.passport.Disputes;
import org.wellbeingpassport.api.passport.Disputes.Stage;
import org.wellbeingpassport.api.passport.SealedElements;
import org.wellbeingpassport.api.store.PassportSnapshot;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.StoredResource;
import org.wellbeingpassport.api.store.WriteOutcome;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.codes.ResidentAssertion;
import org.wellbeingpassport.fhir.validate.PassportValidator;
import org.wellbeingpassport.fhir.validate.ValidationReport;

/**
 * The corrections workflow (HL7 FHIR Patient Request for Corrections): the resident's side (request, answer a
 * question, withdraw or resolve, disagree after a decline) and the author's side (queue, review, ask, accept, partial
 * accept, decline). Every step is a {@link Gate#change}: recorded first, and when the audit store is down nothing
 * changes (503). The author acts only on a request in their own queue (or their organisation's) about an entry they
 * can see for {@code record-correction}; anything else is the one 404.
 */
@Singleton
public final class Corrections {
    static final int MAX_WORDS = 2000;
    /** Optional text, when given, has a character that is not white space (the records' {@code @Pattern}). */
    static final String NOT_BLANK = "(?s).*\\S.*";
    static final String REQUEST_IDENTIFIER = "https://fhir.wellbeingpassport.org/correction-request";
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final String PURPOSE = Purpose.RECORD_CORRECTION.code();

    private final PassportStore store;
    private final SealedElements sealed;
    private final Gate gate;
    private final CorrectionQueues queues;
    private final Notifications residents;
    private final ProfessionalNotifications professionals;
    private final AuditQueries audit;
    private final Recipients recipients;
    private final EntryVersions versions;

    public Corrections(PassportStore store, SealedElements sealed, Gate gate, CorrectionQueues queues,
            Notifications residents, ProfessionalNotifications professionals, AuditQueries audit, Recipients recipients,
            EntryVersions versions) {
        this.versions = versions;
        this.store = store;
        this.sealed = sealed;
        this.gate = gate;
        this.queues = queues;
        this.residents = residents;
        this.professionals = professionals;
        this.audit = audit;
        this.recipients = recipients;
    }

    // ---------------------------------------------------------------- the resident

    /** The resident asks the author of an entry to correct it; the entry stays, the request travels with it. */
    public Disputes.View request(Caller me, String residentId, String type, String id, Optional<String> section,
            String reason) {
        Instant now = now();
        StoredResource current = versions.entry(residentId, type, id);
        ObjectNode tree = sealed.unseal(residentId, Fhir.tree(current.json()));
        ObjectNode element = EntryVersions.element(tree, section);
        Optional<String> author = Entries.authorOf(element, section.isPresent() ? "Composition" : type);
        if (author.filter(("Patient/" + residentId)::equals).isPresent()) {
            throw new Problem(HttpStatus.CONFLICT, "You wrote this",
                    "This entry is in your own words: change it with PUT /me/passport/" + type + "/" + id + ".");
        }
        String prior = Entries.assertion(element).map(ResidentAssertion::code).orElse("none");
        String taskId = UUID.randomUUID().toString();
        String entryRef = type + "/" + id;
        ObjectNode task = Disputes.task(taskId, residentId, entryRef, section, author, reason, prior, now);
        Gate.Change change = change(me, AuditAction.DISPUTE, residentId, List.of(entryRef, "Task/" + taskId),
                "the resident asked for a correction" + sectionNote(section));
        gate.change(change, () -> {
            versions.write(residentId, "Task", taskId, OptionalLong.of(0), task);
            versions.rewrite(residentId, type, id, t -> {
                Entries.setAssertion(EntryVersions.element(t, section), ResidentAssertion.DISPUTED, Optional.empty());
                return t;
            });
            return null;
        });
        CorrectionQueues.Item item = new CorrectionQueues.Item(residentId, taskId, entryRef, section, Stage.QUEUED.code,
                now);
        author.ifPresent(a -> {
            queues.add(a, item);
            organisationOf(a).ifPresent(org -> queues.add("Organization/" + org, item));
        });
        author.filter(a -> a.startsWith("Practitioner/")).ifPresent(a -> professionals.notify(
                a.substring("Practitioner/".length()), residentId,
                new Notifications.Notice(now, Notifications.Kind.DISPUTE_RAISED,
                        "A resident asks you to correct an entry you wrote in their passport (" + entryRef
                                + sectionNote(section)
                                + "). The entry stays as you wrote it; the request goes with it until answered.",
                        Optional.of(entryRef))));
        recipients.entryChanged(residentId, entryRef, section, author, Notifications.Kind.ENTRY_DISPUTED, now);
        return Disputes.view(task);
    }

    /** The resident's requests and disagreements, open first, newest first. */
    public List<Disputes.View> mine(String residentId) {
        PassportSnapshot snapshot = store.snapshot(residentId).orElseThrow(Problem::notAvailable);
        List<Disputes.View> out = new ArrayList<>();
        for (PassportSnapshot.Resource r : snapshot.ofType("Task")) {
            if (Disputes.isDispute(r.tree()) || Disputes.isDisagreement(r.tree())) {
                out.add(Disputes.view(sealed.unseal(residentId, r.tree())));
            }
        }
        out.sort((a, b) -> {
            int open = Boolean.compare(b.open(), a.open());
            return open != 0 ? open : b.raised().compareTo(a.raised());
        });
        return List.copyOf(out);
    }

    /** One of the resident's requests with the messages about it (questions and answers), oldest message first. */
    public Disputes.View one(String residentId, String taskId) {
        ObjectNode task = request(residentId, taskId).tree;
        return Disputes.view(task).withMessages(messages(residentId, taskId));
    }

    /** The resident closes their request: resolved (satisfied without an amendment) or withdrawn. */
    public Disputes.View close(Caller me, String residentId, String taskId, Disputes.Closing how) {
        Instant now = now();
        Loaded req = request(residentId, taskId);
        if (!Disputes.isOpen(req.tree)) {
            throw new Problem(HttpStatus.CONFLICT, "Closed already", "This request is closed already.");
        }
        String entryRef = Disputes.focus(req.tree);
        Optional<String> section = Disputes.section(req.tree);
        Gate.Change change = change(me, AuditAction.DISPUTE_RESOLUTION, residentId, List.of(entryRef, "Task/" + taskId),
                "the resident closed a correction request: " + how.code);
        Disputes.close(req.tree, how, now);
        gate.change(change, () -> {
            if (versions.write(residentId, "Task", taskId, OptionalLong.of(req.version),
                    req.tree) instanceof WriteOutcome.VersionConflict) {
                gate.notApplied(change, "the request changed meanwhile");
                throw new Problem(HttpStatus.CONFLICT, "Changed since you read it", "This request changed; try again.");
            }
            restoreAssertion(residentId, req.tree, entryRef, section,
                    how == Disputes.Closing.RESOLVED ? Optional.of(ResidentAssertion.CONFIRMED) : Optional.empty());
            return null;
        });
        String stage = Disputes.status(req.tree);
        moveInQueues(req.tree, residentId, taskId, stage, now);
        ownerPractitioner(req.tree).ifPresent(p -> professionals.notify(p, residentId,
                new Notifications.Notice(now, Notifications.Kind.DISPUTE_RESOLVED,
                        "A resident has " + how.code + " their correction request about an entry you wrote (" + entryRef
                                + sectionNote(section) + ").",
                        Optional.of(entryRef))));
        return Disputes.view(req.tree);
    }

    /** The resident answers the author's question: a Communication in reply, and the request is back in review. */
    public Disputes.View reply(Caller me, String residentId, String taskId, String words) {
        Instant now = now();
        Loaded req = request(residentId, taskId);
        if (Disputes.stage(req.tree).filter(s -> s == Stage.WAITING_FOR_INFORMATION).isEmpty()) {
            throw new Problem(HttpStatus.CONFLICT, "No question waiting",
                    "The author has not asked you anything about this request.");
        }
        Optional<String> question = lastMessageId(residentId, taskId);
        String commId = UUID.randomUUID().toString();
        ObjectNode comm = communication(commId, req.tree, "Patient/" + residentId, owner(req.tree), words, question,
                now);
        Disputes.move(req.tree, Stage.IN_REVIEW, now);
        Gate.Change change = change(me, AuditAction.DISAGREEMENT, residentId,
                List.of(Disputes.focus(req.tree), "Task/" + taskId, "Communication/" + commId),
                "the resident answered a question about a correction request");
        gate.change(change, () -> {
            versions.write(residentId, "Communication", commId, OptionalLong.of(0), comm);
            writeTask(change, residentId, taskId, req);
            return null;
        });
        moveInQueues(req.tree, residentId, taskId, Stage.IN_REVIEW.code, now);
        ownerPractitioner(req.tree).ifPresent(p -> professionals.notify(p, residentId,
                new Notifications.Notice(now, Notifications.Kind.CORRECTION_UPDATE,
                        "A resident answered your question about their correction request (Task/" + taskId + ").",
                        Optional.of("Task/" + taskId))));
        return one(residentId, taskId);
    }

    /**
     * After a decline (or the declined part of a partial acceptance), the resident's statement of disagreement: a
     * Task logged at once, which travels with every later disclosure of the entry in place of the request.
     */
    public Disputes.View disagree(Caller me, String residentId, String taskId, String statement) {
        Instant now = now();
        Loaded req = request(residentId, taskId);
        Optional<Stage> stage = Disputes.stage(req.tree);
        if (stage.filter(s -> s == Stage.DENIED || s == Stage.PARTIAL_ACCEPT).isEmpty()) {
            throw new Problem(HttpStatus.CONFLICT, "Not declined",
                    "You can add a statement of disagreement once the author has declined (or partly declined) "
                            + "your request.");
        }
        String entryRef = Disputes.focus(req.tree);
        String disagreementId = UUID.randomUUID().toString();
        ObjectNode task = Disputes.disagreement(disagreementId, req.tree, statement, now);
        Gate.Change change = change(me, AuditAction.DISAGREEMENT, residentId,
                List.of(entryRef, "Task/" + taskId, "Task/" + disagreementId),
                "the resident logged their disagreement with a declined correction");
        gate.change(change, () -> {
            // a newer statement replaces an earlier one about the same request
            for (PassportSnapshot.Resource r : store.snapshot(residentId).map(s -> s.ofType("Task"))
                    .orElse(List.of())) {
                if (Disputes.isDisagreement(r.tree()) && taskId.equals(Disputes.requestOf(r.tree()))
                        && !"cancelled".equals(r.tree().path("status").asText())) {
                    ObjectNode old = sealed.unseal(residentId, r.tree());
                    old.put("status", "cancelled");
                    old.put("lastModified", now.toString());
                    versions.write(residentId, "Task", r.id(), OptionalLong.of(r.version()), old);
                }
            }
            versions.write(residentId, "Task", disagreementId, OptionalLong.of(0), task);
            return null;
        });
        ownerPractitioner(req.tree)
                .ifPresent(p -> professionals.notify(p, residentId,
                        new Notifications.Notice(now, Notifications.Kind.CORRECTION_UPDATE,
                                "A resident logged their disagreement with your decision about " + entryRef
                                        + "; it now goes with the entry wherever it is shared.",
                                Optional.of(entryRef))));
        recipients.entryChanged(residentId, entryRef, Disputes.section(req.tree),
                Optional.of(owner(req.tree)).filter(o -> !o.isEmpty()), Notifications.Kind.ENTRY_DISPUTED, now);
        return Disputes.view(task);
    }

    // ---------------------------------------------------------------- the author

    /** The caller's review queue: their own requests and their organisation's, newest first, by reference. */
    public List<CorrectionQueues.Item> queue(Caller caller) {
        List<CorrectionQueues.Item> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String owner : owners(caller)) {
            for (CorrectionQueues.Item i : queues.list(owner)) {
                if (seen.add(i.residentId() + "|" + i.taskId())) {
                    out.add(i);
                }
            }
        }
        out.sort((a, b) -> b.at().compareTo(a.at()));
        return List.copyOf(out);
    }

    /**
     * A request in the caller's queue, as the author sees it (the Task itself: the resident addressed it to them),
     * audited as a read before it is returned; the one 404 when it is not theirs or the entry is not visible to them.
     */
    public ObjectNode task(Caller caller, String residentId, String taskId) {
        Loaded req = authorised(caller, residentId, taskId);
        gate.change(change(caller, AuditAction.READ, residentId, List.of("Task/" + taskId),
                "the author read a correction request"), () -> null);
        return req.tree;
    }

    /** The messages about a request, for the author (audited with {@link #task}). */
    public List<Disputes.Message> messagesFor(Caller caller, String residentId, String taskId) {
        authorised(caller, residentId, taskId);
        return messages(residentId, taskId);
    }

    /** The author starts the review. */
    public Disputes.View review(Caller caller, String residentId, String taskId) {
        Instant now = now();
        Loaded req = authorisedOpen(caller, residentId, taskId);
        Disputes.move(req.tree, Stage.IN_REVIEW, now);
        Gate.Change change = change(caller, AuditAction.CORRECTION_REVIEW, residentId,
                List.of(Disputes.focus(req.tree), "Task/" + taskId), "the author started reviewing a correction");
        gate.change(change, () -> writeTask(change, residentId, taskId, req));
        after(residentId, req.tree, taskId, Stage.IN_REVIEW, now, "Your correction request is being reviewed.");
        return Disputes.view(req.tree);
    }

    /** The author asks the resident for more information (a Communication to them). */
    public Disputes.View ask(Caller caller, String residentId, String taskId, String question) {
        Instant now = now();
        Loaded req = authorisedOpen(caller, residentId, taskId);
        String commId = UUID.randomUUID().toString();
        ObjectNode comm = communication(commId, req.tree, authorRef(caller), "Patient/" + residentId, question,
                lastMessageId(residentId, taskId), now);
        Disputes.move(req.tree, Stage.WAITING_FOR_INFORMATION, now);
        Gate.Change change = change(caller, AuditAction.CORRECTION_REVIEW, residentId,
                List.of(Disputes.focus(req.tree), "Task/" + taskId, "Communication/" + commId),
                "the author asked for more information about a correction");
        gate.change(change, () -> {
            versions.write(residentId, "Communication", commId, OptionalLong.of(0), comm);
            return writeTask(change, residentId, taskId, req);
        });
        after(residentId, req.tree, taskId, Stage.WAITING_FOR_INFORMATION, now,
                "The author of an entry you asked to correct has a question for you.");
        return Disputes.view(req.tree);
    }

    /** The author declines, with a reason the resident reads (and can answer with their disagreement). */
    public Disputes.View decline(Caller caller, String residentId, String taskId, String reason) {
        Instant now = now();
        Loaded req = authorisedOpen(caller, residentId, taskId);
        Disputes.move(req.tree, Stage.DENIED, now);
        Disputes.answer(req.tree, reason);
        Gate.Change change = change(caller, AuditAction.CORRECTION_REVIEW, residentId,
                List.of(Disputes.focus(req.tree), "Task/" + taskId), "the author declined a correction");
        gate.change(change, () -> writeTask(change, residentId, taskId, req));
        after(residentId, req.tree, taskId, Stage.DENIED, now, "The author declined your correction request. You can"
                + " add a statement of disagreement: it will go with the entry wherever it is shared.");
        return Disputes.view(req.tree);
    }

    /** What the author sends to amend the entry: new words for a story section, or the whole amended resource. */
    public record Amendment(Optional<String> text, Optional<ObjectNode> resource) {
    }

    /**
     * The author accepts (or, with {@code declinedPart}, partly accepts) and amends: a new version of the entry (the
     * old stays in its history), with a Provenance naming the request; the request is completed with the answer.
     */
    public Disputes.View accept(Caller caller, String residentId, String taskId, Amendment amendment,
            Optional<String> answer, Optional<String> declinedPart) {
        Instant now = now();
        Loaded req = authorisedOpen(caller, residentId, taskId);
        String entryRef = Disputes.focus(req.tree);
        String[] ref = entryRef.split("/", 2);
        Optional<String> section = Disputes.section(req.tree);
        StoredResource before = versions.entry(residentId, ref[0], ref[1]);
        ObjectNode amended = amend(caller, residentId, sealed.unseal(residentId, Fhir.tree(before.json())), section,
                amendment, now);
        Stage stage = declinedPart.isPresent() ? Stage.PARTIAL_ACCEPT : Stage.AMENDMENT_COMPLETED;
        Disputes.move(req.tree, stage, now);
        Disputes.answer(req.tree,
                answer.orElse(declinedPart.isPresent()
                        ? "Part of your request was accepted and the entry amended; part was declined: "
                                + declinedPart.get()
                        : "Your request was accepted and the entry amended."));
        String provenanceId = "correction-" + taskId;
        Gate.Change change = change(caller, AuditAction.CORRECTION, residentId,
                List.of(entryRef, "Task/" + taskId, "Provenance/" + provenanceId),
                declinedPart.isPresent()
                        ? "the author partly accepted a correction and amended the entry"
                        : "the author accepted a correction and amended the entry");
        long version = gate.change(change, () -> {
            WriteOutcome out = versions.write(residentId, ref[0], ref[1], OptionalLong.of(before.version()), amended);
            if (!(out instanceof WriteOutcome.Written w)) {
                gate.notApplied(change, "the entry changed meanwhile");
                throw new Problem(HttpStatus.CONFLICT, "Changed since you read it",
                        "The entry changed while you amended it; read the request again.");
            }
            long v = w.resource().version();
            versions.write(residentId, "Provenance", provenanceId, OptionalLong.of(0),
                    provenance(provenanceId, caller, entryRef, before.version(), v, taskId, amended, section, now));
            writeTask(change, residentId, taskId, req);
            return v;
        });
        after(residentId, req.tree, taskId, stage, now,
                declinedPart.isPresent()
                        ? "The author corrected part of the entry you asked about and declined the rest. You can add a"
                                + " statement of disagreement about the part declined."
                        : "The author corrected the entry you asked about.");
        recipients.entryChanged(residentId, entryRef, section, Optional.of(authorRef(caller)),
                Notifications.Kind.ENTRY_CORRECTED, now);
        return Disputes.view(req.tree).withAmendment(version, "Provenance/" + provenanceId);
    }

    /** Optional words as given, without the white space around them (the records checked them at the door). */
    static Optional<String> stripped(String text) {
        return Optional.ofNullable(text).map(String::strip);
    }

    // ---------------------------------------------------------------- internals

    private ObjectNode amend(Caller caller, String residentId, ObjectNode current, Optional<String> section,
            Amendment a, Instant now) {
        ObjectNode author = Fhir.json().createObjectNode().put("reference", authorRef(caller)).put("display",
                caller.name());
        if (section.isPresent()) {
            String text = a.text().orElseThrow(() -> Problem.invalid("Send the section's corrected words",
                    List.of("text: required for a story section")));
            if (a.resource().isPresent()) {
                throw Problem.invalid("A story section takes 'text', not 'resource'", List.of("resource: not here"));
            }
            ObjectNode s = EntryVersions.element(current, section);
            ObjectNode narrative = s.putObject("text");
            narrative.put("status", "additional");
            narrative.put("div", "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + escape(text) + "</div>");
            s.putArray("author").add(author);
            Entries.setAssertion(s, ResidentAssertion.PROPOSED, Optional.of(now));
            validate(current);
            return current;
        }
        ObjectNode r = a.resource().orElseThrow(() -> Problem.invalid("Send the corrected entry as 'resource'",
                List.of("resource: required for a whole entry")));
        if (a.text().isPresent()) {
            throw Problem.invalid("A whole entry takes 'resource', not 'text'", List.of("text: not here"));
        }
        String type = current.path("resourceType").asText();
        if (!type.equals(r.path("resourceType").asText())) {
            throw Problem.invalid("The corrected entry must stay a " + type, List.of("resource.resourceType: " + type));
        }
        r.put("id", current.path("id").asText());
        r.putObject("subject").put("reference", "Patient/" + residentId);
        ObjectNode meta = r.putObject("meta");
        if (current.path("meta").has("security")) {
            meta.set("security", current.path("meta").path("security").deepCopy());
        }
        Provenance.stamp(r, caller);
        String element = Entries.authorElement(type).orElse("author");
        if (element.equals("performer") || element.equals("author")) {
            r.putArray(element).add(author);
        } else {
            r.set(element, author);
        }
        Entries.setAssertion(r, ResidentAssertion.PROPOSED, Optional.of(now));
        validate(r);
        return r;
    }

    /**
     * The Provenance of an amendment. It belongs to the same part of the story as what it describes (a story-section
     * tag) and carries the same sensitivity labels, so a read discloses it exactly where that part is disclosed.
     */
    private static ObjectNode provenance(String id, Caller caller, String entryRef, long before, long after,
            String taskId, ObjectNode target, Optional<String> section, Instant now) {
        ObjectNode p = Fhir.json().createObjectNode();
        p.put("resourceType", "Provenance");
        p.put("id", id);
        Provenance.stamp(p, caller);
        ObjectNode meta = (ObjectNode) p.get("meta");
        Optional<String> part = section.isPresent()
                ? section
                : org.wellbeingpassport.fhir.path.PathKeys.sectionOf(target).map(s -> s.code());
        part.ifPresent(code -> ((ArrayNode) meta.get("tag")).addObject().put("system", CodeSystems.STORY_SECTION)
                .put("code", code));
        ArrayNode labels = Fhir.json().createArrayNode();
        for (JsonNode c : target.path("meta").path("security")) {
            labels.add(c.deepCopy());
        }
        if (section.isPresent()) {
            Entries.section(target, section.get()).ifPresent(s -> {
                for (JsonNode x : s.path("extension")) {
                    if (CodeSystems.EXT_INLINE_SECURITY_LABEL.equals(x.path("url").asText())) {
                        labels.add(x.path("valueCoding").deepCopy());
                    }
                }
            });
        }
        if (!labels.isEmpty()) {
            meta.set("security", labels);
        }
        p.putArray("target").addObject().put("reference", entryRef + "/_history/" + after);
        p.put("recorded", now.toString());
        p.putObject("activity").putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/v3-DataOperation").put("code", "UPDATE")
                .put("display", "revise");
        p.putArray("reason").addObject().put("text", "Correction requested by the resident");
        ObjectNode agent = p.putArray("agent").addObject();
        agent.putObject("type").putArray("coding").addObject().put("system", CodeSystems.PROVENANCE_PARTICIPANT_TYPE)
                .put("code", "author").put("display", "Author");
        agent.putObject("who").put("reference", authorRef(caller)).put("display", caller.name());
        if (caller instanceof Caller.Professional pro && FHIR_ID.matcher(pro.organisationId()).matches()) {
            agent.putObject("onBehalfOf").put("reference", "Organization/" + pro.organisationId()).put("display",
                    pro.organisationName());
        }
        ArrayNode entity = p.putArray("entity");
        ObjectNode request = entity.addObject();
        request.put("role", "source");
        request.putObject("what").put("display", "Correction request").putObject("identifier")
                .put("system", REQUEST_IDENTIFIER).put("value", taskId);
        ObjectNode old = entity.addObject();
        old.put("role", "revision");
        old.putObject("what").put("reference", entryRef + "/_history/" + before);
        return p;
    }

    private static ObjectNode communication(String id, JsonNode task, String sender, String recipient, String words,
            Optional<String> inResponseTo, Instant now) {
        ObjectNode c = Fhir.json().createObjectNode();
        c.put("resourceType", "Communication");
        c.put("id", id);
        c.putObject("meta").putArray("tag").addObject().put("system", CodeSystems.ORIGIN).put("code",
                sender.startsWith("Patient/") ? "resident-entered" : "professional-entered");
        inResponseTo.ifPresent(r -> c.putArray("inResponseTo").addObject().put("reference", "Communication/" + r));
        c.put("status", "in-progress");
        c.putArray("category").addObject().putArray("coding").addObject()
                .put("system", CodeSystems.CORRECTION_COMMUNICATION_TYPES).put("code", Disputes.REQUEST)
                .put("display", "Correction request by the Patient or RelatedPerson");
        c.set("subject", task.path("for").deepCopy());
        c.putArray("about").addObject().put("reference", "Task/" + task.path("id").asText());
        c.put("sent", now.toString());
        c.putArray("recipient").addObject().put("reference", recipient);
        c.putObject("sender").put("reference", sender);
        c.putArray("payload").addObject().put("contentString", words);
        return c;
    }

    private List<Disputes.Message> messages(String residentId, String taskId) {
        List<Disputes.Message> out = new ArrayList<>();
        for (PassportSnapshot.Resource r : store.snapshot(residentId).map(s -> s.ofType("Communication"))
                .orElse(List.of())) {
            if (("Task/" + taskId).equals(r.tree().path("about").path(0).path("reference").asText())) {
                ObjectNode c = sealed.unseal(residentId, r.tree());
                out.add(new Disputes.Message(r.id(), c.path("sender").path("reference").asText(),
                        c.path("sent").asText(), c.path("payload").path(0).path("contentString").asText()));
            }
        }
        out.sort((a, b) -> a.sent().compareTo(b.sent()));
        return out;
    }

    private Optional<String> lastMessageId(String residentId, String taskId) {
        List<Disputes.Message> m = messages(residentId, taskId);
        return m.isEmpty() ? Optional.empty() : Optional.of(m.get(m.size() - 1).id());
    }

    /** After an author's step: the queues move, and the resident is told (no content of the entry in the notice). */
    private void after(String residentId, ObjectNode task, String taskId, Stage stage, Instant now, String text) {
        moveInQueues(task, residentId, taskId, stage.code, now);
        residents.notify(residentId, new Notifications.Notice(now, Notifications.Kind.CORRECTION_UPDATE, text,
                Optional.of("Task/" + taskId)));
    }

    private void moveInQueues(JsonNode task, String residentId, String taskId, String stage, Instant now) {
        String owner = owner(task);
        if (owner.isEmpty()) {
            return;
        }
        queues.move(owner, taskId, stage, now);
        organisationOf(owner).ifPresent(org -> queues.move("Organization/" + org, taskId, stage, now));
    }

    private Loaded authorisedOpen(Caller caller, String residentId, String taskId) {
        Loaded req = authorised(caller, residentId, taskId);
        if (!Disputes.isOpen(req.tree)) {
            throw new Problem(HttpStatus.CONFLICT, "Closed already",
                    "This request is " + Disputes.status(req.tree) + " already.");
        }
        return req;
    }

    /**
     * The request, when it is in one of the caller's queues and the entry (or its section) is visible to them for
     * record-correction; otherwise the one 404.
     */
    private Loaded authorised(Caller caller, String residentId, String taskId) {
        boolean queued = false;
        for (String owner : owners(caller)) {
            queued |= queues.holds(owner, residentId, taskId);
        }
        if (!queued) {
            throw Problem.notAvailable();
        }
        Loaded req = request(residentId, taskId);
        String[] ref = Disputes.focus(req.tree).split("/", 2);
        Optional<Gate.Shown> shown = gate.peek(caller, residentId, Purpose.RECORD_CORRECTION, ref[0], ref[1]);
        Optional<String> section = Disputes.section(req.tree);
        boolean visible = shown.isPresent() && (section.isEmpty()
                || Entries.section(shown.get().resource(), section.get()).map(s -> s.has("text")).orElse(false));
        if (!visible && !currentAuthor(caller, residentId, ref[0], ref[1], section)) {
            throw Problem.notAvailable();
        }
        return req;
    }

    /**
     * Whether the caller is who the entry (or its section) names as its author now: the resident addressed the
     * request to them, so they may answer it about what they wrote even without a consent for record-correction.
     */
    private boolean currentAuthor(Caller caller, String residentId, String type, String id, Optional<String> section) {
        if (!(caller instanceof Caller.Professional)) {
            return false;
        }
        Optional<StoredResource> r = store.read(residentId, type, id);
        if (r.isEmpty()) {
            return false;
        }
        ObjectNode tree = sealed.unseal(residentId, Fhir.tree(r.get().json()));
        JsonNode element = section.isEmpty() ? tree : Entries.section(tree, section.get()).orElse(null);
        return element != null && Entries.authorOf(element, section.isPresent() ? "Composition" : type)
                .filter(authorRef(caller)::equals).isPresent();
    }

    private static List<String> owners(Caller caller) {
        List<String> out = new ArrayList<>();
        if (caller instanceof Caller.Professional p) {
            out.add("Practitioner/" + p.subject());
            out.add("Organization/" + p.organisationId());
        } else if (caller instanceof Caller.PartnerSystem s) {
            out.add("Organization/" + s.organisationId());
        }
        return out;
    }

    /** The organisation an author last acted for, from the audit trail (empty when they never acted here). */
    private Optional<String> organisationOf(String owner) {
        if (!owner.startsWith("Practitioner/")) {
            return Optional.empty();
        }
        String id = owner.substring("Practitioner/".length());
        return audit.searchNewestFirst(AuditQuery.all().withActor(id).limit(1)).stream()
                .flatMap(e -> e.entry().agent().organisationId().stream()).findFirst();
    }

    private record Loaded(ObjectNode tree, long version) {
    }

    private Loaded request(String residentId, String taskId) {
        StoredResource stored = store.read(residentId, "Task", taskId).orElseThrow(Problem::notAvailable);
        ObjectNode task = sealed.unseal(residentId, Fhir.tree(stored.json()));
        if (!Disputes.isDispute(task)) {
            throw Problem.notAvailable();
        }
        return new Loaded(task, stored.version());
    }

    private Object writeTask(Gate.Change change, String residentId, String taskId, Loaded req) {
        if (versions.write(residentId, "Task", taskId, OptionalLong.of(req.version),
                req.tree) instanceof WriteOutcome.VersionConflict) {
            gate.notApplied(change, "the request changed meanwhile");
            throw new Problem(HttpStatus.CONFLICT, "Changed since you read it", "This request changed; try again.");
        }
        return null;
    }

    private void restoreAssertion(String residentId, JsonNode task, String entryRef, Optional<String> section,
            Optional<ResidentAssertion> to) {
        String[] ref = entryRef.split("/", 2);
        boolean othersOpen = store.snapshot(residentId).map(Disputes::openByResource)
                .map(m -> m.getOrDefault(entryRef, Map.of()).containsKey(Entries.anchor(section))).orElse(false);
        if (othersOpen || store.read(residentId, ref[0], ref[1]).isEmpty()) {
            return;
        }
        ResidentAssertion after = to
                .orElseGet(() -> Disputes.input(task, Disputes.INPUT_PRIOR).flatMap(ResidentAssertion::fromCode)
                        .filter(a -> a != ResidentAssertion.DISPUTED).orElse(ResidentAssertion.PROPOSED));
        versions.rewrite(residentId, ref[0], ref[1], t -> {
            Entries.setAssertion(EntryVersions.element(t, section), after, Optional.empty());
            return t;
        });
    }

    private static Optional<String> ownerPractitioner(JsonNode task) {
        String owner = owner(task);
        return owner.startsWith("Practitioner/")
                ? Optional.of(owner.substring("Practitioner/".length()))
                : Optional.empty();
    }

    private static String owner(JsonNode task) {
        return task.path("owner").path("reference").asText("");
    }

    private static String authorRef(Caller caller) {
        return caller instanceof Caller.PartnerSystem s
                ? "Organization/" + s.organisationId()
                : "Practitioner/" + caller.subject();
    }

    private static Gate.Change change(Caller who, AuditAction action, String residentId, List<String> resources,
            String detail) {
        String basis = who instanceof Caller.Resident || who instanceof Caller.Carer ? "resident" : "consent";
        return new Gate.Change(who, action, residentId, resources, Optional.of(PURPOSE), basis, detail);
    }

    private static void validate(ObjectNode resource) {
        ValidationReport report = PassportValidator.shared().validate(Fhir.write(resource));
        if (!report.valid()) {
            throw new Problem(HttpStatus.UNPROCESSABLE_ENTITY, "Not valid",
                    "The corrected " + resource.path("resourceType").asText()
                            + " is not valid FHIR R4 for the passport",
                    report.errors().stream().map(i -> i.location() + ": " + i.message()).toList());
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>");
    }

    private static String sectionNote(Optional<String> section) {
        return section.map(s -> ", section " + s).orElse("");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
