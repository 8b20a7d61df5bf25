package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.gate.Notifications;

import org.wellbeingpassport.api.passport.BreakGlassGrants;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.wellbeingpassport.api.audit.AuditAction;
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
    private final Gate gate;
    private final AccessClock clock;
    private final BreakGlassPolicy policy;
    private final RateLimiter perCaller;

    BreakGlass(BreakGlassGrants grants, PassportStore passports, Notifications notifications, Gate gate,
            AccessClock clock, ConsentEngine engine, org.wellbeingpassport.api.store.MongoStore store) {
        this.perCaller = new RateLimiter(store, "break-glass", BREAKS_PER_HOUR, Duration.ofHours(1));
        this.grants = grants;
        this.passports = passports;
        this.notifications = notifications;
        this.gate = gate;
        this.clock = clock;
        this.policy = engine.breakGlassPolicy();
    }

    BreakGlassGrant breakGlass(Caller.Professional caller, String residentId, String reason, Optional<Purpose> asked,
            int minutes, Optional<String> deferBecause) {
        Instant now = clock.now();
        if (!BreakGlassGrants.ROLES.contains(caller.role())) {
            gate.refused(refusal(caller, residentId, Optional.empty(), reason,
                    "role " + caller.role().code() + " may not break the glass"));
            throw Problem.forbidden("Only safeguarding leads and crisis team clinicians can break the glass.");
        }
        if (perCaller.exhausted(caller.account(), now)) {
            gate.refused(refusal(caller, residentId, Optional.empty(), reason, "rate limit"));
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
            gate.refused(refusal(caller, residentId, Optional.of(purpose.code()), reason, "no passport"));
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
        // the basis is the engine's break-glass policy (checked above), recorded before the grant exists
        Gate.Change change = new Gate.Change(caller, AuditAction.BREAK_GLASS, residentId,
                List.of("BreakGlass/" + grant.id()), Optional.of(purpose.code()), "break-glass",
                "grant " + grant.id() + " until " + grant.expiry()
                        + deferBecause.map(d -> "; notice to the resident deferred because: " + d).orElse(""))
                .because(reason).breakingGlass(deferBecause.isPresent());
        gate.change(change, () -> {
            grants.put(residentId, grant);
            return grant;
        });
        perCaller.hit(caller.account(), now);
        if (deferBecause.isEmpty()) {
            notifications.notify(residentId, new Notifications.Notice(now, Notifications.Kind.BREAK_GLASS,
                    caller.name() + " (" + caller.role().label() + ", " + caller.organisationName()
                            + ") used emergency access to the essential parts of your passport for " + purpose.label()
                            + ", until " + Notifications.forPeople(grant.expiry()) + ". They gave this reason: "
                            + reason + ". An auditor reviews every use of emergency access.",
                    Optional.of(grant.id())));
        }
        return grant;
    }

    private static Gate.Change refusal(Caller.Professional caller, String residentId, Optional<String> purpose,
            String reason, String why) {
        return Gate.Change.attempt(caller, AuditAction.BREAK_GLASS, Optional.of(residentId), List.of(), purpose,
                "break-glass", why).because(reason).breakingGlass(false);
    }
}
