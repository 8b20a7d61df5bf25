package org.wellbeingpassport.api.auditor;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import org.wellbeingpassport.api.http.Refuses;
import org.wellbeingpassport.api.audit.AuditTrail;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.AuditVerifier;
import org.wellbeingpassport.api.audit.BreakGlassReviews;
import org.wellbeingpassport.api.audit.UnusualAccessReport;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditEntry;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.StoredEntry;
import org.wellbeingpassport.api.audit.AuditEventRenderer;
import org.wellbeingpassport.api.audit.AuditExport;
import org.wellbeingpassport.api.audit.VerificationReport;
import org.wellbeingpassport.api.audit.ReviewQueueItem;
import org.wellbeingpassport.api.audit.ReviewDisposition;
import org.wellbeingpassport.api.audit.AuditQuery;

import io.micronaut.core.io.Writable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.wellbeingpassport.api.auth.AuditAgents;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.http.Problem;

/**
 * Auditors' tools: query, export (NDJSON of FHIR AuditEvents), verify the chain, the break-glass review queue, and the
 * unusual-access report. Every use is itself recorded in the trail before it is answered.
 */
@Controller("/audit")
@Secured("auditor")
public class AuditController {
    private final AuditTrail trail;
    private final AuditQueries queries;
    private final AuditVerifier verifier;
    private final BreakGlassReviews reviews;
    private final UnusualAccessReport unusual;

    AuditController(AuditTrail trail, AuditQueries queries, AuditVerifier verifier, BreakGlassReviews reviews,
            UnusualAccessReport unusual) {
        this.trail = trail;
        this.queries = queries;
        this.verifier = verifier;
        this.reviews = reviews;
        this.unusual = unusual;
    }

    /** Matching entries as a FHIR searchset Bundle of AuditEvents, oldest first. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "a FHIR searchset Bundle of AuditEvents, oldest first", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/fhir+json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.Bundle.class)))
    @Refuses.Caller
    @Refuses.AuditDown
    @Refuses.Invalid
    @Get(uri = "/events", produces = "application/fhir+json")
    public String events(Authentication auth, @QueryValue Optional<String> resident, @QueryValue Optional<String> actor,
            @QueryValue Optional<String> organisation, @QueryValue Optional<String> purpose,
            @QueryValue Optional<String> from, @QueryValue Optional<String> to, @QueryValue Optional<String> outcome,
            @Nullable @QueryValue String breakGlass, @QueryValue Optional<String> action,
            @Nullable @QueryValue Integer limit) {
        AuditQuery q = query(resident, actor, organisation, purpose, from, to, outcome, yesNo("breakGlass", breakGlass),
                action, Optional.ofNullable(limit));
        audit(auth, AuditAction.AUDIT_QUERY, q.residentId(), "query");
        Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        List<StoredEntry> found = queries.search(q);
        b.setTotal(found.size());
        for (StoredEntry s : found) {
            b.addEntry().setFullUrl("AuditEvent/" + s.entryId())
                    .setResource(AuditEventRenderer.render(s, queries.chain()));
        }
        return AuditEventRenderer.parser().encodeResourceToString(b);
    }

    /** Every matching entry, in chain order, one FHIR AuditEvent per line (FHIR Bulk Data NDJSON). */
    @Refuses.Caller
    @Refuses.Invalid
    @Refuses.AuditDown
    @Get(uri = "/export", produces = "application/fhir+ndjson")
    public Writable export(Authentication auth, @QueryValue Optional<String> resident,
            @QueryValue Optional<String> actor, @QueryValue Optional<String> organisation,
            @QueryValue Optional<String> purpose, @QueryValue Optional<String> from, @QueryValue Optional<String> to,
            @QueryValue Optional<String> outcome, @Nullable @QueryValue String breakGlass,
            @QueryValue Optional<String> action) {
        AuditQuery q = query(resident, actor, organisation, purpose, from, to, outcome, yesNo("breakGlass", breakGlass),
                action, Optional.empty());
        audit(auth, AuditAction.EXPORT, q.residentId(), "export");
        return new Writable() {
            @Override
            public void writeTo(Writer out) {
                new AuditExport(queries).writeNdjson(out, q, n -> {
                });
            }
        };
    }

    @Refuses.Caller
    @Refuses.AuditDown
    @Get(uri = "/verify", produces = MediaType.APPLICATION_JSON)
    public Verification verify(Authentication auth) {
        audit(auth, AuditAction.AUDIT_QUERY, Optional.empty(), "verify");
        VerificationReport r = verifier.verify(queries.chain());
        return new Verification(r.valid(), r.chain(), r.blocks(), r.entries(), r.checkpoints(), r.millis(),
                r.firstBreak().map(b -> new Break(b.kind().name(), b.blockSeq(), b.index(), b.entryId(), b.message()))
                        .orElse(null),
                r.summary());
    }

    @Refuses.Caller
    @Refuses.Invalid
    @Refuses.AuditDown
    @Get(uri = "/break-glass", produces = MediaType.APPLICATION_JSON)
    public BreakGlassQueue breakGlassQueue(Authentication auth, @Nullable @QueryValue String pending,
            @Nullable @QueryValue Integer limit) {
        audit(auth, AuditAction.AUDIT_QUERY, Optional.empty(), "break-glass review queue");
        List<QueueItem> items = new ArrayList<>();
        for (ReviewQueueItem i : reviews.queue(yesNo("pending", pending).orElse(true),
                limit(Optional.ofNullable(limit)))) {
            AuditEntry e = i.entry().entry();
            items.add(new QueueItem(i.entry().entryId(), e.at().toString(),
                    new Actor(e.agent().id(), e.agent().name(), e.agent().organisationName().orElse("")),
                    e.residentId().orElse(""), e.reason().orElse(""), e.purpose().orElse(""), e.disclosedPaths(),
                    e.noticeDeferred(),
                    i.review()
                            .map(r -> new Review(r.disposition().name(), r.note(), r.reviewerName(), r.at().toString()))
                            .orElse(null)));
        }
        return new BreakGlassQueue(items);
    }

    /** An auditor's disposition of a break-glass access, and a note saying why. */
    @io.micronaut.core.annotation.Introspected
    public record ReviewForm(
            @jakarta.validation.constraints.NotBlank @io.swagger.v3.oas.annotations.media.Schema(allowableValues = {
                    "APPROPRIATE", "FOLLOW_UP", "INAPPROPRIATE"}) String disposition,
            @jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = BreakGlassReviews.MAX_NOTE) String note){
    }

    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Refuses.Change
    @Refuses.Conflict
    @Post(uri = "/break-glass/{entryId}/review", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Reviewed> review(Authentication auth, @PathVariable String entryId,
            @jakarta.validation.Valid @Body ReviewForm body) {
        String d = body.disposition();
        ReviewDisposition disposition;
        try {
            disposition = ReviewDisposition.valueOf(d.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("The disposition is APPROPRIATE, FOLLOW_UP or INAPPROPRIATE",
                    List.of("disposition: one of APPROPRIATE, FOLLOW_UP, INAPPROPRIATE"));
        }
        BreakGlassReviews.Result r = reviews.review(entryId, disposition, body.note(),
                AuditAgents.of(Callers.of(auth)));
        if (r instanceof BreakGlassReviews.Result.Recorded rec) {
            return HttpResponse.<Reviewed>status(HttpStatus.CREATED)
                    .body(new Reviewed(entryId, rec.review().disposition().name(), rec.review().at().toString()));
        }
        if (r instanceof BreakGlassReviews.Result.AlreadyReviewed a) {
            throw new Problem(HttpStatus.CONFLICT, "Already reviewed",
                    "This break-glass access was reviewed on " + a.existing().at() + ".");
        }
        throw Problem.notAvailable();
    }

    @Refuses.Caller
    @Refuses.Invalid
    @Refuses.AuditDown
    @Get(uri = "/unusual", produces = MediaType.APPLICATION_JSON)
    public UnusualReport unusual(Authentication auth, @QueryValue Optional<String> from,
            @QueryValue Optional<String> to) {
        audit(auth, AuditAction.AUDIT_QUERY, Optional.empty(), "unusual-access report");
        return new UnusualReport(unusual.run(instant("from", from), instant("to", to)).stream()
                .map(u -> new Finding(u.kind().name(), u.actorId(), u.actorName(), u.organisation(), u.count(),
                        u.first().toString(), u.last().toString(), u.entryIds(), u.explanation()))
                .toList());
    }

    /** The chain checked end to end: valid or where it first breaks, and what was checked. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Verification(boolean valid, String chain, long blocks, long entries, int checkpoints, long millis,
            @Nullable Break firstBreak, String summary) {
    }

    /** Where the chain first breaks. */
    public record Break(String kind, long block, int index, String entryId, String message) {
    }

    /** Break-glass accesses waiting for (or given) an auditor's review. */
    public record BreakGlassQueue(List<QueueItem> items) {
    }

    /** One break-glass access: who, whose record, why, what was disclosed, and its review if there is one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QueueItem(String entryId, String at, Actor actor, String resident, String reason, String purpose,
            List<String> disclosedPaths, boolean noticeDeferred, @Nullable Review review) {
    }

    /** Who used break-glass. */
    public record Actor(String id, String name, String organisation) {
    }

    /** An auditor's review of a break-glass access. */
    public record Review(String disposition, String note, String reviewer, String at) {
    }

    /** A review recorded. */
    public record Reviewed(String entryId, String disposition, String at) {
    }

    /** The unusual-access report. */
    public record UnusualReport(List<Finding> findings) {
    }

    /** One pattern of access worth a look, with the entries behind it. */
    public record Finding(String kind, String actorId, String actorName, String organisation, long count, String first,
            String last, List<String> entryIds, String explanation) {
    }

    private void audit(Authentication auth, AuditAction action, Optional<String> resident, String what) {
        AuditEntry.Builder b = AuditEntry.builder(action, AuditOutcome.SUCCESS, AuditAgents.of(Callers.of(auth)))
                .at(Instant.now()).purpose("audit").detail(what);
        resident.ifPresent(b::resident);
        trail.record(b.build());
    }

    private static AuditQuery query(Optional<String> resident, Optional<String> actor, Optional<String> organisation,
            Optional<String> purpose, Optional<String> from, Optional<String> to, Optional<String> outcome,
            Optional<Boolean> breakGlass, Optional<String> action, Optional<Integer> limit) {
        AuditQuery q = AuditQuery.all().limit(limit(limit));
        if (resident.isPresent()) {
            q = q.withResident(resident.get());
        }
        if (actor.isPresent()) {
            q = q.withActor(actor.get());
        }
        if (organisation.isPresent()) {
            q = q.withOrganisation(organisation.get());
        }
        if (purpose.isPresent()) {
            q = q.withPurpose(purpose.get());
        }
        q = q.between(instant("from", from), instant("to", to));
        if (outcome.isPresent()) {
            try {
                q = q.withOutcome(AuditOutcome.valueOf(outcome.get().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw Problem.invalid("The outcome is success, denied or failed",
                        List.of("outcome: one of success, denied, failed"));
            }
        }
        if (breakGlass.isPresent()) {
            q = q.withBreakGlass(breakGlass.get());
        }
        if (action.isPresent()) {
            q = q.withAction(AuditAction.fromCode(action.get())
                    .orElseThrow(() -> Problem.invalid(
                            "Not an action the trail records; use codes such as read, break-glass",
                            List.of("action: an action code such as read or break-glass"))));
        }
        return q;
    }

    /** true or false; anything else is invalid (Micronaut would read it as false). */
    private static Optional<Boolean> yesNo(String name, String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> throw Problem.invalid("'" + name + "' is true or false", List.of(name + ": true or false"));
        };
    }

    private static int limit(Optional<Integer> limit) {
        int n = limit.orElse(500);
        if (n < 1 || n > AuditQuery.MAX_LIMIT) {
            throw Problem.invalid("The limit is 1 to " + AuditQuery.MAX_LIMIT,
                    List.of("limit: 1 to " + AuditQuery.MAX_LIMIT));
        }
        return n;
    }

    private static Optional<Instant> instant(String name, Optional<String> s) {
        try {
            return s.map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw Problem.invalid("Times are ISO-8601 instants, e.g. 2026-03-04T00:00:00Z",
                    List.of(name + ": an ISO-8601 instant"));
        }
    }
}
