package org.wellbeingpassport.api.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What auditors and residents see: queries, FHIR AuditEvents, plain language, reviews, unusual access, export. */
class AuditViewsTest {
    static final AuditAgent SAFEGUARDING = AuditAgent.professional("prac-lee", "Jo Lee", "safeguarding-lead",
            "org-council", "Riverside Council", "adult-social-care");
    static final AuditAgent NOSY = AuditAgent.professional("prac-nosy", "Alex Grey", "housing-officer", "org-housing",
            "Riverside Homes", "housing-association");
    static final AuditAgent AUDITOR = AuditAgent.of("auditor", "aud-1", "Pat Auditor");

    @TempDir
    Path dir;
    AuditFixture fx;
    AuditLog log;
    AuditQueries queries;
    String breakGlassId;
    String deferredId;

    @BeforeEach
    void fill() {
        fx = new AuditFixture(dir);
        log = fx.log(32);
        queries = new AuditQueries(fx.database(), "main");
        log.record(AuditFixture.read("amara", 1)); // Sam Patel, 4 March 2026 10:12, consent
        breakGlassId = log.record(AuditEntry.builder(AuditAction.BREAK_GLASS, AuditOutcome.SUCCESS, SAFEGUARDING)
                .at(Instant.parse("2026-03-05T23:40:00Z")).resident("amara").resources(List.of("Patient/amara"))
                .disclosed(List.of("Composition.section[communication].section[contact-preferences]",
                        "Composition.section[support-network]"))
                .withheld(List.of("Composition.section[health-and-wellbeing].section[trauma-detail]"))
                .purpose("safeguarding").basis("break-glass").breakGlass(true)
                .reason("Concern raised at hospital discharge; cannot reach her").build()).entryId();
        deferredId = log.record(AuditEntry.builder(AuditAction.READ, AuditOutcome.SUCCESS, SAFEGUARDING)
                .at(Instant.parse("2026-03-06T09:00:00Z")).resident("amara").purpose("safeguarding")
                .basis("lawful:safeguarding-duty").noticeDeferred(true).build()).entryId();
        for (int i = 0; i < 12; i++) {
            log.record(AuditEntry.builder(AuditAction.READ, AuditOutcome.SUCCESS, NOSY)
                    .at(Instant.parse("2026-03-07T11:00:00Z").plusSeconds(i)).resident("other-" + i)
                    .disclosed(List.of("Patient.name")).purpose("direct-care").basis("lawful:statutory-gateway")
                    .build());
        }
        for (int i = 0; i < 6; i++) {
            log.record(AuditEntry.builder(AuditAction.READ, AuditOutcome.DENIED, NOSY)
                    .at(Instant.parse("2026-03-07T12:00:00Z").plusSeconds(i)).resident("amara")
                    .withheld(List.of("Composition.section[goals]")).purpose("direct-care").build());
        }
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void auditorsQueryByEachCriterion() {
        assertEquals(9, queries.count(AuditQuery.all().withResident("amara")));
        assertEquals(1, queries.count(AuditQuery.all().withActor("prac-sam")));
        assertEquals(18, queries.count(AuditQuery.all().withOrganisation("org-housing")));
        assertEquals(2, queries.count(AuditQuery.all().withPurpose("safeguarding")));
        assertEquals(6, queries.count(AuditQuery.all().withOutcome(AuditOutcome.DENIED)));
        assertEquals(1, queries.count(AuditQuery.all().withBreakGlass(true)));
        assertEquals(2, queries.count(AuditQuery.all().between(Optional.of(Instant.parse("2026-03-05T00:00:00Z")),
                Optional.of(Instant.parse("2026-03-07T00:00:00Z")))));
        List<StoredEntry> newest = queries.searchNewestFirst(AuditQuery.all().withResident("amara").limit(2));
        assertEquals(2, newest.size());
        assertTrue(newest.get(0).entry().at().isAfter(newest.get(1).entry().at())
                || newest.get(0).blockSeq() > newest.get(1).blockSeq());
    }

    @Test
    void theResidentSeesPlainLanguageIncludingBreakGlassButNotDeferredNotice() {
        List<AccessHistoryItem> h = new ResidentHistory(queries).of("amara", 50);
        assertTrue(h.stream().noneMatch(i -> i.entryId().equals(deferredId)), "deferred notice shown");
        AccessHistoryItem sam = h.stream().filter(i -> i.who().startsWith("Sam Patel")).findFirst().orElseThrow();
        assertEquals("Sam Patel, social prescribing link worker at Riverside Practice, saw your goals and aspirations"
                + " and how to communicate with you on 4 March 2026 at 10:12 for support planning, because you"
                + " allowed it.", sam.sentence());
        AccessHistoryItem bg = h.stream().filter(i -> i.entryId().equals(breakGlassId)).findFirst().orElseThrow();
        assertTrue(bg.breakGlass());
        assertTrue(bg.sentence().contains("used emergency access (break-glass)"), bg.sentence());
        assertTrue(bg.sentence().contains("how and when to contact you"), bg.sentence());
        assertTrue(bg.sentence().contains("Concern raised at hospital discharge"), bg.sentence());
        assertTrue(bg.sentence().contains("on 5 March 2026 at 23:40"), bg.sentence());
        AccessHistoryItem refused = h.stream().filter(i -> i.outcome().equals("denied")).findFirst().orElseThrow();
        assertTrue(refused.sentence().contains("but was not allowed"), refused.sentence());
        // withheld paths are never described as seen
        assertFalse(refused.sentence().contains("saw"), refused.sentence());
        assertEquals(8, h.size());
    }

    @Test
    void entriesRenderAsValidBalpStyleAuditEvents() {
        StoredEntry bg = queries.search(AuditQuery.all().withBreakGlass(true)).get(0);
        AuditEvent ev = AuditEventRenderer.render(bg, "main");
        String json = AuditEventRenderer.toJson(ev);
        AuditEvent back = FhirContext.forR4Cached().newJsonParser().parseResource(AuditEvent.class, json);
        assertEquals(AuditEvent.AuditEventAction.E, back.getAction());
        assertEquals("0", back.getOutcome().toCode());
        assertEquals("Jo Lee", back.getAgentFirstRep().getName());
        assertTrue(back.getAgentFirstRep().getRequestor());
        assertEquals("Patient/amara", back.getEntityFirstRep().getWhat().getReference());
        assertTrue(json.contains("\"withheld-path\""), json);
        assertTrue(json.contains("BTG"), json);
        assertTrue(json.contains("Riverside Council"), json);
    }

    @Test
    void breakGlassIsReviewedOnceWithDispositionAndNote() {
        BreakGlassReviews reviews = new BreakGlassReviews(fx.database(), queries, log);
        List<ReviewQueueItem> pending = reviews.queue(true, 100);
        assertEquals(1, pending.size());
        assertEquals(breakGlassId, pending.get(0).entry().entryId());
        BreakGlassReviews.Result r = reviews.review(breakGlassId, ReviewDisposition.APPROPRIATE,
                "Discharge concern documented; scope limited to contact details.", AUDITOR);
        assertInstanceOf(BreakGlassReviews.Result.Recorded.class, r);
        assertTrue(reviews.queue(true, 100).isEmpty());
        assertEquals(ReviewDisposition.APPROPRIATE,
                reviews.queue(false, 100).get(0).review().orElseThrow().disposition());
        assertInstanceOf(BreakGlassReviews.Result.AlreadyReviewed.class,
                reviews.review(breakGlassId, ReviewDisposition.INAPPROPRIATE, "again", AUDITOR));
        assertInstanceOf(BreakGlassReviews.Result.NotBreakGlass.class,
                reviews.review(deferredId, ReviewDisposition.APPROPRIATE, "not break glass", AUDITOR));
        // the review itself is in the trail
        assertEquals(1, queries.count(AuditQuery.all().withAction(AuditAction.REVIEW).withActor("aud-1")));
    }

    @Test
    void theUnusualAccessReportNamesBroadReadingOddHoursAndDenials() {
        List<UnusualAccess> report = new UnusualAccessReport(queries, 10, 5).run(Optional.empty(), Optional.empty());
        UnusualAccess broad = report.stream().filter(u -> u.kind() == UnusualAccess.Kind.BROAD_UNBACKED_READING)
                .findFirst().orElseThrow();
        assertEquals("prac-nosy", broad.actorId());
        assertEquals(12, broad.count());
        UnusualAccess odd = report.stream().filter(u -> u.kind() == UnusualAccess.Kind.ODD_HOURS).findFirst()
                .orElseThrow();
        assertEquals("prac-lee", odd.actorId());
        assertEquals(List.of(breakGlassId), odd.entryIds());
        UnusualAccess denials = report.stream().filter(u -> u.kind() == UnusualAccess.Kind.REPEATED_DENIALS).findFirst()
                .orElseThrow();
        assertEquals("prac-nosy", denials.actorId());
        assertEquals(6, denials.count());
        assertTrue(report.stream().noneMatch(u -> u.actorId().equals("prac-sam")), "consented reading flagged");
    }

    @Test
    void exportWritesOneAuditEventPerLineWithProgress() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> progress = new ArrayList<>();
        long n = new AuditExport(queries).writeNdjson(out, progress::add);
        assertEquals(21, n);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(21, lines.length);
        for (String line : lines) {
            AuditEvent ev = FhirContext.forR4Cached().newJsonParser().parseResource(AuditEvent.class, line);
            assertTrue(ev.hasRecorded());
        }
        assertEquals(21L, progress.get(progress.size() - 1));
    }
}
