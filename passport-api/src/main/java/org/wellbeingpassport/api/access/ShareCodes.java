package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.gate.Notifications;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditUnavailableException;
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
 * Share codes: the resident shows a short code on their phone; the professional types it in and gets a time-limited
 * permit to exactly the code's sections and purpose.
 *
 * <ul>
 * <li>A code is 8 symbols from Crockford's base-32 alphabet (no I, L, O, U), shown as XXXX-XXXX: 40 bits from
 * SecureRandom. Typing is forgiving (case, dashes, spaces; O read as 0, I and L as 1).</li>
 * <li>Stored as {@code share_codes} keyed by SHA-256 of the code (never the code itself), with its resident,
 * sections, purpose, number of uses and expiry (5 minutes to 12 hours).</li>
 * <li>Each use is claimed by inserting {@code share_code_uses} with _id {h: hash, n: use number}: the unique _id
 * lets exactly one redeemer have each use, even when many redeem at once.</li>
 * <li>Guessing is limited by entropy, expiry and, in the store (so across every instance), {@value #CALLER_FAILURES}
 * failed attempts per professional per 15 minutes. When more than {@value #GLOBAL_FAILURES} attempts have failed in 10
 * minutes across everyone (many identities guessing), a professional with any failure of their own in the last 15
 * minutes must wait; one whose attempts have all worked is never refused, so no one caller, nor many, can lock out
 * another. A resident makes at most {@value #CODES_PER_HOUR} codes an hour.</li>
 * </ul>
 */
@Singleton
public final class ShareCodes {
    static final String CODES = "share_codes";
    static final String USES = "share_code_uses";
    static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    static final int LENGTH = 8;
    static final int CALLER_FAILURES = 5;
    static final int GLOBAL_FAILURES = 600;
    /** Codes a resident may make per rolling hour (across every instance): enough for a busy day, not for flooding. */
    static final int CODES_PER_HOUR = 20;
    /** A redeemed code gives at least this long, even if it was redeemed just before it expired. */
    static final Duration MIN_SESSION = Duration.ofMinutes(30);
    private static final String GLOBAL = "*";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MongoCollection<Document> codes;
    private final MongoCollection<Document> uses;
    private final Grants grants;
    private final Notifications notifications;
    private final Gate gate;
    private final AccessClock clock;
    private final RateLimiter callerFailures;
    private final RateLimiter globalFailures;
    private final RateLimiter created;

    public ShareCodes(MongoStore store, Grants grants, Notifications notifications, Gate gate, AccessClock clock) {
        this.codes = store.database().getCollection(CODES);
        this.uses = store.database().getCollection(USES);
        this.grants = grants;
        this.notifications = notifications;
        this.gate = gate;
        this.clock = clock;
        this.callerFailures = new RateLimiter(store, "share-code-failures", CALLER_FAILURES, Duration.ofMinutes(15));
        this.globalFailures = new RateLimiter(store, "share-code-failures-all", GLOBAL_FAILURES,
                Duration.ofMinutes(10));
        this.created = new RateLimiter(store, "share-codes-made", CODES_PER_HOUR, Duration.ofHours(1));
    }

    /** A new code, shown once. */
    record Created(String code, Instant expires, int uses) {
    }

    Created create(Caller resident, String residentId, Set<StorySection> sections, Purpose purpose, int minutes,
            int maxUses) {
        Instant now = clock.now();
        Instant expires = now.plus(Duration.ofMinutes(minutes));
        if (!created.tryAcquire(residentId, now)) {
            throw Problem.tooMany("At most " + CODES_PER_HOUR + " share codes an hour; try again later.",
                    created.window());
        }
        for (int attempt = 0; attempt < 8; attempt++) {
            String code = newCode();
            String hash = hash(code);
            // the audit trail names the code by a random reference, never by its hash (a 40-bit code's hash can be
            // searched offline)
            String ref = Grants.newProvisionId("sc");
            Gate.Change change = new Gate.Change(resident, AuditAction.SHARE_CODE_CREATE, residentId,
                    List.of("ShareCode/" + ref), Optional.of(purpose.code()), "resident",
                    "sections " + String.join(", ", AccessRequests.codes(sections)) + "; " + maxUses
                            + " use(s); expires " + expires);
            Document d = new Document("_id", hash).append("rid", residentId)
                    .append("sections", AccessRequests.codes(sections)).append("purpose", purpose.code())
                    .append("uses", maxUses).append("ref", ref).append("created", Date.from(now))
                    .append("expires", Date.from(expires));
            // record first: with the audit store down, 503 and no code exists
            if (gate.change(change, () -> Mongo.claim(codes, d))) {
                return new Created(display(code), expires, maxUses);
            }
            gate.notApplied(change, "the code was taken; another is made");
        }
        throw new IllegalStateException("could not find a free share code");
    }

    /** What a redemption gave. */
    record Redeemed(String residentId, List<String> sections, Purpose purpose, Instant until) {
    }

    Redeemed redeem(Caller.Professional caller, String typed, Purpose purpose) {
        Instant now = clock.now();
        if (refused(caller, now)) {
            gate.refused(Gate.Change.attempt(caller, AuditAction.SHARE_CODE_USE, Optional.empty(), List.of(),
                    Optional.of(purpose.code()), "consent", "too many failed attempts"));
            throw Problem.tooMany("Too many codes that did not work; wait a few minutes and ask for a new code.",
                    callerFailures.window());
        }
        Optional<String> code = normalise(typed);
        Document d = code.map(c -> codes.find(eq("_id", hash(c))).first()).orElse(null);
        if (d == null || !now.isBefore(d.getDate("expires").toInstant())
                || !purpose.code().equals(d.getString("purpose"))) {
            throw failed(caller, purpose, now, d == null ? Optional.empty() : Optional.of(d.getString("rid")),
                    d == null ? "unknown code" : "expired or other purpose");
        }
        String hash = d.getString("_id");
        int max = d.getInteger("uses", 1);
        int use = 0;
        Document claimed = null;
        for (int n = 1; n <= max && use == 0; n++) {
            Document claim = new Document("_id", new Document("h", hash).append("n", n)).append("by", caller.account())
                    .append("at", Date.from(now));
            if (Mongo.claim(uses, claim)) {
                use = n;
                claimed = claim;
            }
        }
        String residentId = d.getString("rid");
        if (use == 0) {
            throw failed(caller, purpose, now, Optional.of(residentId), "code used up");
        }
        Set<StorySection> sections = AccessRequests.sections(d.getList("sections", String.class));
        Instant expires = d.getDate("expires").toInstant();
        Instant until = expires.isAfter(now.plus(MIN_SESSION)) ? expires : now.plus(MIN_SESSION);
        Provision permit = Provision.permit(Grants.newProvisionId("share-code"))
                .to(Recipient.named(caller.subject(), caller.name()))
                .covering(Scope.sections(sections.toArray(StorySection[]::new))).forPurposes(purpose).grantedAt(now)
                .during(Period.between(now, until)).build();
        // the resident's consent is the code they made: the permit goes exactly to its sections and purpose
        Gate.Change change = new Gate.Change(caller, AuditAction.SHARE_CODE_USE, residentId,
                List.of("ShareCode/" + d.getString("ref"), "Consent/directives"), Optional.of(purpose.code()),
                "consent", "use " + use + " of " + max + "; permit " + permit.id() + " until " + until);
        Grants.Outcome outcome;
        try {
            outcome = gate.change(change, () -> grants.add(residentId, permit));
        } catch (AuditUnavailableException e) {
            uses.deleteOne(eq("_id", claimed.get("_id"))); // nothing recorded, so nothing used: the use is given back
            throw e;
        }
        if (!(outcome instanceof Grants.Outcome.Done)) {
            gate.notApplied(change, "the directives refused the permit");
            throw Problem.notAvailable();
        }
        notifications.notify(residentId,
                new Notifications.Notice(now, Notifications.Kind.SHARE_CODE_USED,
                        caller.name() + " (" + caller.role().label() + ", " + caller.organisationName()
                                + ") used your share code and can see " + AccessRequests.labels(sections) + " for "
                                + purpose.label() + " until " + Notifications.forPeople(until) + ".",
                        Optional.of(permit.id())));
        return new Redeemed(residentId, AccessRequests.codes(sections), purpose, until);
    }

    /**
     * Whether this caller must wait: at their own limit, or, while many are failing at once, with a failure of their
     * own (a caller whose attempts have all worked is never held back by what others do).
     */
    private boolean refused(Caller.Professional caller, Instant now) {
        double own = callerFailures.count(caller.account(), now);
        if (own >= CALLER_FAILURES) {
            return true;
        }
        return own > 0 && globalFailures.exhausted(GLOBAL, now);
    }

    private Problem failed(Caller.Professional caller, Purpose purpose, Instant now, Optional<String> residentId,
            String why) {
        callerFailures.hit(caller.account(), now);
        globalFailures.hit(GLOBAL, now);
        gate.refused(Gate.Change.attempt(caller, AuditAction.SHARE_CODE_USE, residentId, List.of(),
                Optional.of(purpose.code()), "consent", why));
        return Problem.notAvailable();
    }

    static String newCode() {
        char[] c = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }

    static String display(String code) {
        return code.substring(0, 4) + "-" + code.substring(4);
    }

    /** What was typed, as a canonical code; empty if it cannot be one. */
    static Optional<String> normalise(String typed) {
        if (typed == null || typed.length() > 32) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder(LENGTH);
        for (char ch : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (ch == '-' || ch == ' ') {
                continue;
            }
            char c = ch == 'O' ? '0' : (ch == 'I' || ch == 'L') ? '1' : ch;
            if (new String(ALPHABET).indexOf(c) < 0) {
                return Optional.empty();
            }
            b.append(c);
        }
        return b.length() == LENGTH ? Optional.of(b.toString()) : Optional.empty();
    }

    static String hash(String code) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(("wp-share-code-v1|" + code).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
