package org.wellbeingpassport.api.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.gate.Notifications;
import org.wellbeingpassport.api.gate.Provenance;
import org.wellbeingpassport.api.http.FhirException;
import org.wellbeingpassport.api.passport.PassportReader;
import org.wellbeingpassport.api.passport.SealedElements;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.StoredResource;
import org.wellbeingpassport.api.store.WriteOutcome;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.codes.ResidentAssertion;
import org.wellbeingpassport.fhir.validate.Issue;
import org.wellbeingpassport.fhir.validate.NarrativeRules;
import org.wellbeingpassport.fhir.validate.PassportValidator;
import org.wellbeingpassport.fhir.validate.ValidationReport;

/**
 * A partner system adds an Observation to a resident's passport: only while it may see something of that passport
 * for the stated purpose (the same decision as a read; otherwise the same 404, recorded as refused), validated at the
 * door (base R4 and the passport's rules: 422 naming each path), marked as the partner organisation's (the origin tag
 * from the caller, never the body; the organisation as performer; {@code meta.source} naming the client), proposed
 * for the resident to confirm, sealed at rest, recorded before it is written, and the resident is told.
 *
 * <p>
 * Conditional create ({@code If-None-Exist: identifier=system|value}) matches only Observations this partner's
 * organisation wrote in that passport: what it can know exists without being shown anything.
 */
@Singleton
final class PartnerWrites {
    static final String OBSERVATION = "Observation";

    private final Gate gate;
    private final PassportStore store;
    private final SealedElements sealed;
    private final Notifications notifications;
    private final ResourceLocator locator;

    PartnerWrites(Gate gate, PassportStore store, SealedElements sealed, Notifications notifications,
            ResourceLocator locator) {
        this.gate = gate;
        this.store = store;
        this.sealed = sealed;
        this.notifications = notifications;
        this.locator = locator;
    }

    record Created(FhirVersion resource, boolean existed) {
    }

    /** Checks everything a create needs before anything is written (used alone by transactions). */
    record Prepared(String residentId, ObjectNode resource, Optional<String[]> ifNoneExist) {
    }

    Prepared prepare(PartnerContext ctx, String body, Optional<String> ifNoneExist) {
        ctx.require(OBSERVATION, 'c');
        Observation parsed = FhirJson.parse(body, Observation.class); // 400 for what is not an Observation
        ObjectNode tree = Fhir.tree(body);
        List<Issue> active = NarrativeRules.check(tree);
        if (!active.isEmpty()) {
            throw unprocessable(active);
        }
        String residentId = subject(parsed.getSubject().getReference(), ctx.base());
        Optional<String[]> wanted = ifNoneExist.map(PartnerWrites::identifierCondition);
        Caller.PartnerSystem who = partner(ctx.caller());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        tree.put("id", UUID.randomUUID().toString());
        tree.putObject("subject").put("reference", "Patient/" + residentId);
        ObjectNode meta = tree.get("meta") instanceof ObjectNode m ? m : tree.putObject("meta");
        meta.remove(List.of("versionId", "lastUpdated", "source"));
        meta.put("source", "urn:wellbeing-passport:partner:" + who.subject());
        Provenance.stamp(tree, who);
        ArrayNode performers = tree.putArray("performer");
        performers.addObject().put("reference", "Organization/" + who.organisationId()).put("display",
                who.organisationName());
        setProposed(tree, now);
        ValidationReport report = PassportValidator.shared().validate(Fhir.write(tree));
        if (!report.valid()) {
            throw unprocessable(report.errors());
        }
        return new Prepared(residentId, tree, wanted);
    }

    private Gate.Change change(PartnerContext ctx, Prepared p) {
        String residentId = p.residentId();
        return new Gate.Change(ctx.caller(), AuditAction.CONTRIBUTION, residentId,
                List.of(OBSERVATION + "/" + p.resource().path("id").asText()), Optional.of(ctx.purpose().code()),
                PassportReader.basis(gate.start(ctx.caller(), residentId, ctx.purpose(), Instant.now()).basis()),
                "a partner system added an Observation for the resident to confirm or dispute");
    }

    /**
     * The consent check of {@link #create}, alone: the caller may see something of the resident's passport for the
     * purpose, else the one 404 (recorded as a refused contribution). Transactions check every entry before writing
     * any.
     */
    void checkVisible(PartnerContext ctx, Prepared p) {
        if (gate.explain(ctx.caller(), p.residentId(), ctx.purpose()).isEmpty()) {
            gate.refused(change(ctx, p));
            throw FhirException.notFound("Patient", p.residentId());
        }
    }

    /** Writes a prepared Observation (or names the one that exists, under If-None-Exist); 404 when not visible. */
    Created create(PartnerContext ctx, Prepared p) {
        String residentId = p.residentId();
        String id = p.resource().path("id").asText();
        Gate.Change change = change(ctx, p);
        checkVisible(ctx, p);
        if (p.ifNoneExist().isPresent()) {
            Optional<StoredResource> existing = ownMatch(ctx, residentId, p.ifNoneExist().get());
            if (existing.isPresent()) {
                return new Created(FhirVersion.of(existing.get()), true);
            }
        }
        WriteOutcome outcome = gate.change(change, () -> store.update(residentId, OBSERVATION, id, OptionalLong.of(0),
                true, sealed.sealedVersion(residentId, p.resource())));
        if (!(outcome instanceof WriteOutcome.Written w)) {
            gate.notApplied(change, "the record was not there");
            throw FhirException.notFound("Patient", residentId);
        }
        locator.remember(residentId, List.of(OBSERVATION + "/" + id));
        locator.rememberResident(ctx.caller().account(), residentId);
        Caller.PartnerSystem who = partner(ctx.caller());
        notifications.notify(residentId,
                new Notifications.Notice(
                        Instant.now(), Notifications.Kind.ENTRY_PROPOSED, who.organisationName() + " (" + who.name()
                                + ") added an entry for your passport." + " You can confirm it or dispute it.",
                        Optional.of(OBSERVATION + "/" + id)));
        StoredResource stored = w.resource();
        String json = Fhir.write(sealed.unseal(residentId, Fhir.tree(stored.json())));
        return new Created(new FhirVersion(stored.type(), stored.id(), stored.version(), stored.lastUpdated(), json),
                false);
    }

    /** An Observation of this resident that the caller's organisation wrote and that carries the identifier. */
    private Optional<StoredResource> ownMatch(PartnerContext ctx, String residentId, String[] identifier) {
        String org = "Organization/" + partner(ctx.caller()).organisationId();
        for (StoredResource r : store.readPassport(residentId)) {
            if (!r.type().equals(OBSERVATION)) {
                continue;
            }
            JsonNode tree = sealed.unseal(residentId, Fhir.tree(r.json()));
            boolean ours = false;
            for (JsonNode p : tree.path("performer")) {
                ours |= org.equals(p.path("reference").asText());
            }
            if (!ours) {
                continue;
            }
            for (JsonNode i : tree.path("identifier")) {
                if (identifier[0].equals(i.path("system").asText()) && identifier[1].equals(i.path("value").asText())) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    private static Caller.PartnerSystem partner(Caller caller) {
        if (caller instanceof Caller.PartnerSystem s) {
            return s;
        }
        throw new FhirException(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN, "Only partner systems write here");
    }

    /** The resident from {@code subject}: Patient/{id}, or that under this server's FHIR base. */
    static String subject(String reference, String base) {
        String ref = reference == null ? "" : reference;
        if (ref.startsWith(base + "/")) {
            ref = ref.substring(base.length() + 1);
        }
        if (!ref.startsWith("Patient/") || !FhirJson.isValidId(ref.substring("Patient/".length()))) {
            throw new FhirException(HttpStatus.UNPROCESSABLE_ENTITY, List.of(new FhirException.Issue(IssueType.REQUIRED,
                    "An Observation must be about one resident: subject Patient/{id}", "Observation.subject")));
        }
        return ref.substring("Patient/".length());
    }

    /**
     * If-None-Exist: identifier=system|value (URL-encoded or not), the one condition offered; the query may carry the
     * type in front ({@code Observation?identifier=...}), as some clients send it.
     */
    static String[] identifierCondition(String header) {
        String h;
        try {
            h = URLDecoder.decode(header.trim(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            throw new FhirException(HttpStatus.BAD_REQUEST,
                    List.of(new FhirException.Issue(IssueType.INVALID,
                            "If-None-Exist is not URL-encoded: each % must be followed by two hexadecimal digits",
                            "If-None-Exist")));
        }
        int q = h.indexOf('?');
        if (q >= 0 && h.substring(0, q).endsWith(OBSERVATION)) {
            h = h.substring(q + 1);
        }
        int bar = h.indexOf('|');
        if (!h.startsWith("identifier=") || bar < 0 || bar == h.length() - 1 || h.contains("&")) {
            throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.NOTSUPPORTED,
                    "If-None-Exist supports identifier={system}|{value} only", "If-None-Exist")));
        }
        return new String[]{h.substring("identifier=".length(), bar), h.substring(bar + 1)};
    }

    private static void setProposed(ObjectNode resource, Instant at) {
        ArrayNode ext = resource.get("extension") instanceof ArrayNode e ? e : resource.putArray("extension");
        for (int i = ext.size() - 1; i >= 0; i--) {
            String url = ext.get(i).path("url").asText();
            if (url.equals(CodeSystems.EXT_RESIDENT_ASSERTION) || url.equals(CodeSystems.EXT_ASSERTED_ON)) {
                ext.remove(i);
            }
        }
        ObjectNode coding = ext.addObject().put("url", CodeSystems.EXT_RESIDENT_ASSERTION).putObject("valueCoding");
        coding.put("system", CodeSystems.RESIDENT_ASSERTION).put("code", ResidentAssertion.PROPOSED.code())
                .put("display", ResidentAssertion.PROPOSED.display());
        ext.addObject().put("url", CodeSystems.EXT_ASSERTED_ON).put("valueDateTime", at.toString());
    }

    private static FhirException unprocessable(List<Issue> issues) {
        List<FhirException.Issue> out = new ArrayList<>();
        for (Issue i : issues) {
            out.add(new FhirException.Issue(IssueType.INVALID, i.message(), i.location()));
        }
        return new FhirException(HttpStatus.UNPROCESSABLE_ENTITY, out);
    }
}
