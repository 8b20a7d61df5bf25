package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.gate.Notifications;

import org.wellbeingpassport.api.passport.BreakGlassGrants;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditEntry;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.AuditTrail;
import org.wellbeingpassport.api.auth.AuditAgents;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.consent.BreakGlassGrant;
import org.wellbeingpassport.consent.BreakGlassPolicy;
import org.wellbeingpassport.consent.ConsentEngine;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * Breaking the glass (scenario 4): a safeguarding lead or crisis team clinician states a reason and a time limit (at
 * most {@value #MAX_MINUTES} minutes); reads for safeguarding or emergency treatment then add the engine's minimal
 * set for that professional until it expires. The resident is told at once, unless the professional records why
 * telling them now would put them at risk (that reason goes to the audit trail for review). Audited, with
 * breakGlass=true, before the grant exists.
 */
@Singleton
final class BreakGlass {
    static final int MAX_MINUTES = 240;
    /**
     * Break-glass grants one professional may take per rolling hour, counted in the store across every instance:
     * enough for a night of emergencies, not for sweeping through residents. Only successful breaks count.
     */
    static final int BREAKS_PER_HOUR = 10;

    private final BreakGlassGrants grants;
    private final PassportStore passports;
    private final Notifications notifications;
    private final AuditTrail audit;
    private final AccessClock clock;
    private final BreakGlassPolicy policy;
    private final RateLimiter perCaller;

    BreakGlass(BreakGlassGrants grants, PassportStore passports, Notifications notifications, AuditTrail audit,
            AccessClock clock, ConsentEngine engine, org.wellbeingpassport.api.store.MongoStore store) {
        this.perCaller = new RateLimiter(store, "break-glass", BREAKS_PER_HOUR, Duration.ofHours(1));
        this.grants = grants;
        this.passports = passports;
        this.notifications = notifications;
        this.audit = audit;
        this.clock = clock;
        this.policy = engine.breakGlassPolicy();
    }

    BreakGlassGrant breakGlass(Caller.Professional caller, String residentId, String reason, Optional<Purpose> asked,
            int minutes, Optional<String> deferBecause) {
        Instant now = clock.now();
        if (!BreakGlassGrants.ROLES.contains(caller.role())) {
            audit.record(AuditEntry.builder(AuditAction.BREAK_GLASS, AuditOutcome.DENIED, AuditAgents.of(caller))
                    .at(now).resident(residentId).reason(reason).breakGlass(true)
                    .detail("role " + caller.role().code() + " may not break the glass").build());
            throw Problem.forbidden("Only safeguarding leads and crisis team clinicians can break the glass.");
        }
        if (perCaller.exhausted(caller.account(), now)) {
            audit.record(AuditEntry.builder(AuditAction.BREAK_GLASS, AuditOutcome.DENIED, AuditAgents.of(caller))
                    .at(now).resident(residentId).reason(reason).breakGlass(true).detail("rate limit").build());
            throw Problem.tooMany(
                    "At most " + BREAKS_PER_HOUR
                            + " break-glass grants an hour; ask your safeguarding lead or the on-call team.",
                    perCaller.window());
        }
        Purpose purpose = asked.orElse(caller.role() == ProfessionalRole.CRISIS_TEAM_CLINICIAN
                ? Purpose.EMERGENCY_TREATMENT
                : Purpose.SAFEGUARDING);
        if (!BreakGlassGrants.PURPOSES.contains(purpose)) {
            throw Problem.invalid("Break-glass is only for safeguarding or emergency treatment",
                    List.of("purpose: safeguarding or emergency-treatment"));
        }
        if (!passports.exists(residentId)) {
            audit.record(AuditEntry.builder(AuditAction.BREAK_GLASS, AuditOutcome.DENIED, AuditAgents.of(caller))
                    .at(now).resident(residentId).purpose(purpose.code()).reason(reason).breakGlass(true)
                    .detail("no passport").build());
            throw Problem.notAvailable();
        }
        Duration length = Duration.ofMinutes(Math.min(minutes, policy.maxDuration().toMinutes()));
        BreakGlassGrant grant = new BreakGlassGrant("bg-" + UUID.randomUUID(), caller.actor(), reason, purpose, now,
                now.plus(length), deferBecause);
        List<org.wellbeingpassport.consent.Problem> problems = grant.problems(policy);
        if (!problems.isEmpty()) {
            throw Problem.invalid("The break-glass grant is not valid",
                    problems.stream().map(org.wellbeingpassport.consent.Problem::message).toList());
        }
        AuditEntry.Builder entry = AuditEntry
                .builder(AuditAction.BREAK_GLASS, AuditOutcome.SUCCESS, AuditAgents.of(caller)).at(now)
                .resident(residentId).purpose(purpose.code()).basis("break-glass").reason(reason).breakGlass(true)
                .noticeDeferred(deferBecause.isPresent()).resources(List.of("BreakGlass/" + grant.id()));
        entry.detail("grant " + grant.id() + " until " + grant.expiry()
                + deferBecause.map(d -> "; notice to the resident deferred because: " + d).orElse(""));
        audit.record(entry.build());
        grants.put(residentId, grant);
        perCaller.hit(caller.account(), now);
        if (deferBecause.isEmpty()) {
            notifications.notify(residentId, new Notifications.Notice(now, Notifications.Kind.BREAK_GLASS,
                    caller.name() + " (" + caller.role().label() + ", " + caller.organisationName()
                            + ") used emergency access to the essential parts of your passport for " + purpose.label()
                            + ", until " + grant.expiry() + ". They gave this reason: " + reason
                            + ". An auditor reviews every use of emergency access.",
                    Optional.of(grant.id())));
        }
        return grant;
    }
}
