package org.wellbeingpassport.api.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditEntry;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.AuditTrail;
import org.wellbeingpassport.api.audit.AuditUnavailableException;
import org.wellbeingpassport.api.auth.AuditAgents;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.passport.AccessBases;
import org.wellbeingpassport.api.passport.Evaluation;
import org.wellbeingpassport.api.passport.PassportReader;
import org.wellbeingpassport.api.passport.PreparedPassport;
import org.wellbeingpassport.api.passport.PreparedPassports;
import org.wellbeingpassport.api.passport.SealedElements;
import org.wellbeingpassport.api.store.PassportSnapshot;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.StoreContentionException;
import org.wellbeingpassport.consent.AccessBasis;
import org.wellbeingpassport.consent.AccessRequest;
import org.wellbeingpassport.consent.Actor;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.fhir.Fhir;

/**
 * The one gate between a resident's data and anyone else. Its seams follow HAPI FHIR's consent service: the start of
 * an operation (who asks, about whom, for what purpose, on which basis), whether a resource can be seen and what of it
 * leaves (both decided by consent-engine, element by element, and applied by redaction), and the end of the
 * operation: the audit entry, recorded before a byte is sent. Changes pass through it too: the entry is recorded
 * first, and when the audit store cannot take it ({@link AuditUnavailableException}, 503 at the edge) the change is
 * never made.
 *
 * <p>
 * The entry lists as disclosed exactly what leaves: every resource sent and every story section sent, never a path
 * that was withheld (the two lists are disjoint).
 */
@Singleton
public final class Gate {
    /** A change that relies on no basis (a professional asking for access: the resident decides). */
    public static final String NO_BASIS = "";
    private final PreparedPassports prepared;
    private final PassportReader reader;
    private final AccessBases bases;
    private final AuditTrail trail;
    private final PassportStore store;
    private final SealedElements sealed;

    public Gate(PreparedPassports prepared, PassportReader reader, AccessBases bases, AuditTrail trail,
            PassportStore store, SealedElements sealed) {
        this.prepared = prepared;
        this.reader = reader;
        this.bases = bases;
        this.trail = trail;
        this.store = store;
        this.sealed = sealed;
    }

    /** Start of an operation: the request consent-engine decides on (the basis: consent, break-glass or lawful). */
    public AccessRequest start(Caller caller, String residentId, Purpose purpose, Instant at) {
        return bases.requestFor(residentId, actorOf(caller), purpose, at);
    }

    /** Who may read someone else's passport: professionals, carers and partner systems. Admin is not a reader. */
    public static Actor actorOf(Caller caller) {
        if (caller instanceof Caller.Professional p) {
            return p.actor();
        }
        if (caller instanceof Caller.Carer c) {
            return c.actor();
        }
        if (caller instanceof Caller.PartnerSystem s) {
            return s.actor();
        }
        throw Problem.notAvailable();
    }

    /**
     * What a read sends, with the decisions behind them (for explanations): the collection Bundle's bytes are made
     * only when asked for (a caller that writes its own Bundle of the same entries, such as {@code $everything}, does
     * not pay for them), and always after the entry was recorded.
     */
    public record Disclosure(Evaluation evaluation, String timestamp) {
        /** The collection Bundle to send, as bytes. */
        public byte[] bundle() {
            return evaluation.bundle(timestamp);
        }
    }

    /**
     * The consented, redacted passport for this caller and purpose, audited before it is returned; empty (send the
     * one 404) when there is no passport or nothing of it is visible, which is audited too.
     */
    public Optional<Disclosure> passport(Caller caller, String residentId, Purpose purpose, Optional<String> source) {
        Instant now = Instant.now();
        AccessRequest request = start(caller, residentId, purpose, now);
        Optional<PreparedPassport> passport = prepared.current(residentId);
        if (passport.isEmpty()) {
            trail.record(read(request, caller, residentId, AuditOutcome.DENIED, 0, source).detail("no passport visible")
                    .build());
            return Optional.empty();
        }
        Evaluation ev = reader.evaluate(request, passport.get(), false);
        long directives = passport.get().directives().version();
        if (ev.isEmpty()) {
            trail.record(read(request, caller, residentId, AuditOutcome.DENIED, directives, source)
                    .withheld(ev.withheld()).detail("nothing disclosed").build());
            return Optional.empty();
        }
        // end of the operation: recorded before a byte is produced (fail closed: if this throws, nothing is sent)
        trail.record(read(request, caller, residentId, AuditOutcome.SUCCESS, directives, source)
                .resources(ev.resources()).disclosed(ev.disclosedAsAudited()).withheld(ev.withheld()).build());
        return Optional.of(new Disclosure(ev, now.toString()));
    }

    /**
     * "Why can't I see this?": the decisions with their reasons for this caller and purpose; empty (the one 404) when
     * nothing is visible. Nothing of the record leaves, but the caller learns which parts are shared with them, so the
     * explanation is recorded (an {@link AuditAction#EXPLANATION} entry, nothing listed as disclosed) before it is
     * returned; a refusal is recorded too.
     */
    public Optional<Evaluation> explain(Caller caller, String residentId, Purpose purpose) {
        AccessRequest request = start(caller, residentId, purpose, Instant.now());
        Optional<PreparedPassport> passport = prepared.current(residentId);
        Optional<Evaluation> ev = passport.map(p -> reader.evaluate(request, p, true)).filter(e -> !e.isEmpty());
        long directives = passport.map(p -> p.directives().version()).orElse(0L);
        AuditEntry.Builder b = accessEntry(AuditAction.EXPLANATION, request, caller, residentId,
                ev.isPresent() ? AuditOutcome.SUCCESS : AuditOutcome.DENIED, directives, Optional.empty())
                .detail(ev.isPresent() ? "told which parts are shared with them (no content)" : "nothing visible");
        trail.record(b.build()); // before the answer is produced
        return ev;
    }

    /**
     * Whether anything of the passport is visible to this caller for this purpose: {@link #explain}'s decision, but
     * nothing leaves and nothing is recorded (as {@link #peek}). For a change that asks only this (a partner's write):
     * the change's own entry, or its refusal, is recorded next, before anything is changed or answered
     * (docs/adr/0012-partner-api.md, 2026-12-03, "the write's consent check records nothing of its own").
     */
    public boolean seesAnything(Caller caller, String residentId, Purpose purpose) {
        AccessRequest request = start(caller, residentId, purpose, Instant.now());
        return prepared.current(residentId).map(p -> !reader.evaluate(request, p, false).isEmpty()).orElse(false);
    }

    /** The resident's own passport, all of it (it is theirs), as a FHIR collection Bundle. */
    public record Own(byte[] bundle) {
    }

    /**
     * The resident reading their own passport: nothing is withheld from them (the basis is "resident": the data
     * subject's own access, recorded as such). The entry is recorded before the Bundle is made; empty when there is
     * no passport.
     */
    public Optional<Own> own(Caller resident, String residentId) {
        if (!(resident instanceof Caller.Resident)) {
            throw Problem.notAvailable();
        }
        Optional<PassportSnapshot> snapshot = store.snapshot(residentId);
        if (snapshot.isEmpty()) {
            return Optional.empty();
        }
        List<String> refs = new ArrayList<>();
        for (PassportSnapshot.Resource r : snapshot.get().resources()) {
            refs.add(r.type() + "/" + r.id());
        }
        trail.record(AuditEntry.builder(AuditAction.READ, AuditOutcome.SUCCESS, AuditAgents.of(resident))
                .at(Instant.now()).resident(residentId).resources(refs).purpose(Purpose.DIRECT_CARE.code())
                .basis("resident").detail("the resident read their own passport").build());
        ObjectNode bundle = Fhir.json().createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "collection");
        ArrayNode entries = bundle.putArray("entry");
        for (PassportSnapshot.Resource r : snapshot.get().resources()) {
            ObjectNode tree = r.tree();
            sealed.unseal(residentId, tree);
            ObjectNode e = entries.addObject();
            e.put("fullUrl", "urn:wellbeing-passport:" + r.type() + "/" + r.id());
            e.set("resource", tree);
        }
        return Optional.of(new Own(Fhir.writeBytes(bundle)));
    }

    /** What a preview shows the resident: the evaluation (with reasons) and the directive version it was made on. */
    public record Preview(Evaluation evaluation, long directiveVersion) {
    }

    /**
     * "What would they see?": exactly what {@code as} would be sent for this purpose, with every decision's reasons,
     * shown to the resident only (nothing is disclosed to {@code as}). Recorded (PREVIEW, basis "resident") before it
     * is returned; empty when there is no passport.
     */
    public Optional<Preview> preview(Caller resident, String residentId, Actor as, Purpose purpose) {
        if (!(resident instanceof Caller.Resident)) {
            throw Problem.notAvailable();
        }
        Optional<PreparedPassport> passport = prepared.current(residentId);
        if (passport.isEmpty()) {
            return Optional.empty();
        }
        long version = passport.get().directives().version();
        Evaluation ev = reader.evaluate(AccessRequest.of(as, purpose, Instant.now()), passport.get(), true);
        trail.record(AuditEntry.builder(AuditAction.PREVIEW, AuditOutcome.SUCCESS, AuditAgents.of(resident))
                .at(Instant.now()).resident(residentId).purpose(purpose.code()).basis("resident")
                .directiveVersion(version).detail("preview as " + as.describe()).build());
        return Optional.of(new Preview(ev, version));
    }

    /**
     * A listing about residents that is not their record: a resident's own choices, notices, requests, disclosure
     * ledger, access history and carers; a carer's delegations; a professional's notices and correction queue. The
     * answer is made first (nothing is sent), then recorded: one {@link AuditAction#LISTING} entry per resident it
     * names (nothing listed as disclosed: a listing names references and statuses, not the record's content), or one
     * naming no resident when it names none; only then is it returned. Audit store down: 503 and nothing is sent.
     */
    public <T> T listing(Caller caller, java.util.Collection<String> residents, String what, T answer) {
        Instant now = Instant.now();
        Set<String> named = new java.util.LinkedHashSet<>(residents);
        if (named.isEmpty()) {
            trail.record(listed(caller, Optional.empty(), what, now));
        }
        for (String residentId : named) {
            trail.record(listed(caller, Optional.of(residentId), what, now)); // before the answer leaves
        }
        return answer;
    }

    /** A listing of the resident's own (basis "resident"). */
    public <T> T ownListing(Caller resident, String residentId, String what, T answer) {
        if (!(resident instanceof Caller.Resident)) {
            throw Problem.notAvailable();
        }
        return listing(resident, List.of(residentId), what, answer);
    }

    private static AuditEntry listed(Caller caller, Optional<String> residentId, String what, Instant at) {
        AuditEntry.Builder b = AuditEntry.builder(AuditAction.LISTING, AuditOutcome.SUCCESS, AuditAgents.of(caller))
                .at(at).detail(what);
        if (caller instanceof Caller.Resident) {
            b.basis("resident");
        }
        residentId.ifPresent(b::resident);
        return b.build();
    }

    /** One resource as a read for a purpose discloses it (redacted), and the paths of it that were withheld. */
    public record Shown(ObjectNode resource, List<String> disclosed, List<String> withheld) {
        public Shown {
            disclosed = List.copyOf(disclosed);
            withheld = List.copyOf(withheld);
        }

        /** True when nothing of the resource was withheld from this caller. */
        public boolean inFull() {
            return withheld.isEmpty();
        }
    }

    /**
     * One resource of a passport, exactly as a read for this purpose would disclose it (redacted), audited before it
     * is returned; empty (the one 404) when a read would not disclose it, whatever the reason.
     */
    public Optional<Shown> resource(Caller caller, String residentId, Purpose purpose, String type, String id,
            Optional<String> source, String detail) {
        AccessRequest request = start(caller, residentId, purpose, Instant.now());
        Optional<PreparedPassport> passport = prepared.current(residentId);
        Optional<Shown> found = passport.flatMap(p -> shown(request, p, type, id));
        long directives = passport.map(p -> p.directives().version()).orElse(0L);
        AuditEntry.Builder b = read(request, caller, residentId,
                found.isPresent() ? AuditOutcome.SUCCESS : AuditOutcome.DENIED, directives, source).detail(detail);
        found.ifPresent(f -> b.resources(List.of(type + "/" + id)).disclosed(f.disclosed()).withheld(f.withheld()));
        trail.record(b.build()); // fail closed: before anything is sent
        return found;
    }

    /**
     * Can this caller see the resource for this purpose, and what of it? Decided exactly as a read, but nothing
     * leaves and nothing is recorded: used before a change, whose own entry is then recorded first.
     */
    public Optional<Shown> peek(Caller caller, String residentId, Purpose purpose, String type, String id) {
        AccessRequest request = start(caller, residentId, purpose, Instant.now());
        return prepared.current(residentId).flatMap(p -> shown(request, p, type, id));
    }

    private Optional<Shown> shown(AccessRequest request, PreparedPassport passport, String type, String id) {
        Evaluation ev = reader.evaluate(request, passport, false);
        String ref = type + "/" + id;
        if (!ev.resources().contains(ref)) {
            return Optional.empty();
        }
        for (JsonNode e : ev.entries()) {
            JsonNode r = e.path("resource");
            if (type.equals(r.path("resourceType").asText()) && id.equals(r.path("id").asText())) {
                List<String> withheld = new ArrayList<>();
                for (String w : ev.withheld()) {
                    if (w.equals(ref) || w.startsWith(type + ".") || w.startsWith(type + "[")) {
                        withheld.add(w);
                    }
                }
                List<String> shown = new ArrayList<>();
                for (String d : ev.disclosed()) {
                    if (d.equals(ref) || (type.equals("Composition") && d.startsWith("Composition."))) {
                        shown.add(d);
                    }
                }
                return Optional.of(new Shown((ObjectNode) r, Evaluation.uncovered(shown, withheld), withheld));
            }
        }
        return Optional.empty();
    }

    /**
     * A change to a resident's data (or an attempt at one), as the audit trail records it. {@code residentId} is empty
     * only when the attempt reached no resident (an access request matching no passport, a code that was not there).
     */
    public record Change(Caller who, AuditAction action, Optional<String> residentId, List<String> resources,
            Optional<String> purpose, String basis, String detail, Optional<String> reason, boolean breakGlass,
            boolean noticeDeferred, Optional<String> source) {
        public Change {
            resources = List.copyOf(resources);
        }

        public Change(Caller who, AuditAction action, String residentId, List<String> resources,
                Optional<String> purpose, String basis, String detail) {
            this(who, action, Optional.of(residentId), resources, purpose, basis, detail, Optional.empty(), false,
                    false, Optional.empty());
        }

        /** An attempt that may not have reached a resident (or whose resident is not to be named yet). */
        public static Change attempt(Caller who, AuditAction action, Optional<String> residentId,
                List<String> resources, Optional<String> purpose, String basis, String detail) {
            return new Change(who, action, residentId, resources, purpose, basis, detail, Optional.empty(), false,
                    false, Optional.empty());
        }

        /** The same change, with the reason the caller gave. */
        public Change because(String why) {
            return new Change(who, action, residentId, resources, purpose, basis, detail, Optional.of(why), breakGlass,
                    noticeDeferred, source);
        }

        /** The same change, marked as break-glass (and whether the resident's notice is deferred). */
        public Change breakingGlass(boolean deferred) {
            return new Change(who, action, residentId, resources, purpose, basis, detail, reason, true, deferred,
                    source);
        }

        /** The same change with another detail (what the refusal was, for instance). */
        public Change saying(String what) {
            return new Change(who, action, residentId, resources, purpose, basis, what, reason, breakGlass,
                    noticeDeferred, source);
        }

        /** The same change, made on behalf of a system the caller named (the audit entry's source). */
        public Change from(Optional<String> system) {
            return new Change(who, action, residentId, resources, purpose, basis, detail, reason, breakGlass,
                    noticeDeferred, system);
        }
    }

    /**
     * Record first, then change: the entry is stored before {@code apply} runs; if it cannot be stored, this throws
     * {@link AuditUnavailableException} (503) and {@code apply} never runs, so nothing changes. A change the store
     * could not confirm for other writers of the same passport ({@link StoreContentionException}, answered 409) is
     * recorded as not confirmed before the caller hears of it.
     */
    public <T> T change(Change change, Supplier<T> apply) {
        trail.record(entry(change, AuditOutcome.SUCCESS, Instant.now()).build());
        try {
            return apply.get();
        } catch (StoreContentionException e) {
            failed(change, "; not confirmed: too many changes to the passport at the same moment");
            throw e;
        }
    }

    /**
     * A change recorded first that did not take effect after all (a newer version won, the resource was not there):
     * the trail says so, so that it never shows a change that was not made. Best effort: the caller is answered
     * with the refusal either way.
     */
    public void notApplied(Change change, String why) {
        failed(change, "; not applied: " + why);
    }

    /** The FAILED entry after a change's SUCCESS one, best effort (the caller's answer goes out either way). */
    private void failed(Change change, String what) {
        try {
            trail.record(entry(change, AuditOutcome.FAILED, Instant.now()).detail(change.detail() + what).build());
        } catch (AuditUnavailableException e) {
            // the refusal goes out regardless; the earlier entry says what was attempted
        }
    }

    /** A refused change (nothing was changed), recorded as such. */
    public void refused(Change change) {
        trail.record(entry(change, AuditOutcome.DENIED, Instant.now()).build());
    }

    private static AuditEntry.Builder entry(Change c, AuditOutcome outcome, Instant at) {
        AuditEntry.Builder b = AuditEntry.builder(c.action(), outcome, AuditAgents.of(c.who())).at(at)
                .resources(c.resources()).detail(c.detail()).breakGlass(c.breakGlass())
                .noticeDeferred(c.noticeDeferred());
        if (!c.basis().equals(NO_BASIS)) {
            b.basis(c.basis());
        }
        c.residentId().ifPresent(b::resident);
        c.purpose().ifPresent(b::purpose);
        c.reason().ifPresent(b::reason);
        c.source().ifPresent(b::source);
        return b;
    }

    private static AuditEntry.Builder read(AccessRequest request, Caller caller, String residentId,
            AuditOutcome outcome, long directiveVersion, Optional<String> source) {
        return accessEntry(AuditAction.READ, request, caller, residentId, outcome, directiveVersion, source);
    }

    private static AuditEntry.Builder accessEntry(AuditAction action, AccessRequest request, Caller caller,
            String residentId, AuditOutcome outcome, long directiveVersion, Optional<String> source) {
        AuditEntry.Builder b = AuditEntry.builder(action, outcome, AuditAgents.of(caller)).at(request.at())
                .resident(residentId).purpose(request.purpose().code()).basis(PassportReader.basis(request.basis()))
                .directiveVersion(directiveVersion).breakGlass(request.basis() instanceof AccessBasis.BreakGlass);
        source.ifPresent(b::source);
        if (request.basis() instanceof AccessBasis.BreakGlass bg) {
            b.reason(bg.grant().reason());
            b.noticeDeferred(bg.grant().noticeDeferredBecause().isPresent());
        }
        return b;
    }
}
