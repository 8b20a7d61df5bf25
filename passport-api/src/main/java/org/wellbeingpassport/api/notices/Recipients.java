package org.wellbeingpassport.api.notices;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditAgent;
import org.wellbeingpassport.api.audit.AuditUnavailableException;
import org.wellbeingpassport.api.audit.RecipientRecords;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.contribution.ProfessionalNotifications;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.gate.Notifications;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * Tells those who received something when it changes meaning. Who is told comes from the recipients' record the audit
 * writer keeps (one document per resident, read by {@code _id}; see {@link RecipientRecords}): for an
 * entry, only recipients to whom that very element was disclosed (the resource, and for a story section that
 * section), so a notice never names something withheld from its recipient; for withdrawn access, recipients who
 * received anything and can now see nothing for the purpose they used; for an erasure, every recipient. Each notice is
 * recorded in the audit trail first (through the gate, with the recipient as agent), sent once per change (a
 * {@code notices_sent} document per notice and recipient, inserted by {@code _id}), and carries an id only: people get
 * it in their notifications, partner systems through their Subscriptions on that topic.
 */
@Singleton
public final class Recipients {
    static final String SENT = "notices_sent";
    private static final Logger LOG = LoggerFactory.getLogger(Recipients.class);

    private final Ledger ledger;
    private final Gate gate;
    private final ProfessionalNotifications professionals;
    private final Subscriptions subscriptions;
    private final Deliveries deliveries;
    private final MongoCollection<Document> sent;

    public Recipients(Ledger ledger, Gate gate, ProfessionalNotifications professionals, Subscriptions subscriptions,
            Deliveries deliveries, MongoStore store) {
        this.ledger = ledger;
        this.gate = gate;
        this.professionals = professionals;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.sent = store.database().getCollection(SENT);
    }

    /**
     * An entry (or one story section of it) was corrected or disputed: those who received that element before are
     * told, but for the entry's author ({@code author}, "Practitioner/x"), who is told as its author. {@code at}
     * identifies the change (the same change is told once).
     */
    public void entryChanged(String residentId, String entryRef, Optional<String> section, Optional<String> author,
            Notifications.Kind kind, Instant at) {
        RecipientRecords.Record record = ledger.record(residentId);
        String anchor = section.map(s -> "Composition.section[" + s + "]").orElse("");
        Map<String, Instant> hadResource = record.firstReceived().getOrDefault(entryRef, Map.of());
        Map<String, Instant> hadSection = record.firstReceived().getOrDefault(anchor, Map.of());
        // in the order they first received it, as the trail has them
        List<Map.Entry<String, Instant>> first = hadResource.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .toList();
        for (Map.Entry<String, Instant> e : first) {
            RecipientRecords.Recipient r = record.recipients().get(e.getKey());
            if (r == null || e.getValue().isAfter(at) || (r.agent().kind().equals("professional")
                    && author.filter(("Practitioner/" + r.agent().id())::equals).isPresent())) {
                continue;
            }
            Instant sectionAt = hadSection.get(e.getKey());
            if (anchor.isEmpty() || (sectionAt != null && !sectionAt.isAfter(at))) {
                tell(residentId, r.agent(), kind, entryRef,
                        residentId + "|" + kind.code() + "|" + entryRef + "|" + anchor + "|" + at.toEpochMilli(),
                        Optional.empty(), at);
            }
        }
    }

    /**
     * The resident's choices changed: every recipient who received anything and can now see nothing of the passport
     * for the purpose they last used is told that their access was withdrawn (once per loss of access).
     */
    public void accessChanged(String residentId, Instant at) {
        for (RecipientRecords.Recipient last : ledger.recipients(residentId).values()) {
            Optional<Caller> caller = callerOf(last.agent());
            if (caller.isEmpty()) {
                continue;
            }
            Purpose purpose = last.purpose().flatMap(Purpose::fromCode).orElse(Purpose.DIRECT_CARE);
            boolean stillSees;
            try {
                stillSees = gate.explain(caller.get(), residentId, purpose).isPresent();
            } catch (Problem e) {
                stillSees = false;
            }
            if (!stillSees) {
                tell(residentId, last.agent(), Notifications.Kind.ACCESS_WITHDRAWN, "Patient/" + residentId,
                        residentId + "|access-withdrawn|" + last.at().toEpochMilli(), Optional.of(purpose), at);
            }
        }
    }

    /**
     * The resident left and was erased: everyone who received anything is told to delete what they hold; then the
     * record of who received what goes (a tombstone with the resident's id stays: see {@link RecipientRecords}).
     */
    public void residentErased(String residentId, Instant at) {
        for (RecipientRecords.Recipient last : ledger.recipients(residentId).values()) {
            tell(residentId, last.agent(), Notifications.Kind.RESIDENT_ERASED, "Patient/" + residentId,
                    residentId + "|resident-erased", last.purpose().flatMap(Purpose::fromCode), at);
        }
        ledger.forget(residentId);
    }

    private void tell(String residentId, AuditAgent recipient, Notifications.Kind kind, String focus, String key,
            Optional<Purpose> purpose, Instant at) {
        Optional<Caller> caller = callerOf(recipient);
        if (caller.isEmpty()) {
            return; // an agent we cannot address (no organisation on record)
        }
        String id = key + "|" + key(recipient);
        try {
            sent.insertOne(new Document("_id", id).append("at", Date.from(at)));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return; // told already
            }
            throw e;
        }
        Gate.Change change = new Gate.Change(caller.get(), AuditAction.NOTICE, residentId, List.of(focus),
                purpose.map(Purpose::code), "notice", kind.code());
        try {
            gate.change(change, () -> {
                deliver(residentId, caller.get(), kind, focus, id, at);
                return null;
            });
        } catch (AuditUnavailableException e) {
            // never told without the record: forget the mark so a later change can tell them
            sent.deleteOne(eq("_id", id));
            LOG.warn("a notice was not sent: the audit store is unavailable");
        }
    }

    private void deliver(String residentId, Caller caller, Notifications.Kind kind, String focus, String key,
            Instant at) {
        if (caller instanceof Caller.Professional p) {
            professionals.notify(p.subject(), residentId,
                    new Notifications.Notice(at, kind, text(kind, focus), Optional.of(focus)));
        } else if (caller instanceof Caller.Carer c) {
            // a carer's notices are kept like a professional's, under their account (GET /carer/notifications)
            professionals.notify(c.account(), residentId,
                    new Notifications.Notice(at, kind, text(kind, focus), Optional.of(focus)));
        } else if (caller instanceof Caller.PartnerSystem s) {
            for (Subscriptions.Subscription sub : subscriptions.of(s.subject())) {
                if (sub.topic() == kind && "active".equals(sub.status())) {
                    deliveries.enqueue(sub, key, focus, at);
                }
            }
        }
    }

    private static String text(Notifications.Kind kind, String focus) {
        return switch (kind) {
            case ENTRY_CORRECTED ->
                "An entry you received (" + focus + ") has been corrected since: read it again before relying on it.";
            case ENTRY_DISPUTED -> "An entry you received (" + focus
                    + ") is disputed by the resident since: read it again to see their view.";
            case ACCESS_WITHDRAWN -> "The resident (" + focus + ") has withdrawn your access: stop using what you"
                    + " received and delete it, as their consent's terms say.";
            case RESIDENT_ERASED ->
                "The resident (" + focus + ") has left the passport and was erased: delete what" + " you received.";
            default -> "Something you received has changed (" + focus + ").";
        };
    }

    private static String key(AuditAgent a) {
        return a.kind() + ":" + a.id();
    }

    /** The recipient as a caller, so that the gate can decide what they may still see and record the notice. */
    static Optional<Caller> callerOf(AuditAgent a) {
        Optional<OrganisationType> type = a.organisationType().flatMap(OrganisationType::fromCode);
        if (a.kind().equals("professional")) {
            Optional<ProfessionalRole> role = a.roleCode().flatMap(ProfessionalRole::fromCode);
            if (role.isEmpty() || a.organisationId().isEmpty() || type.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Caller.Professional("", a.id(), a.name(), role.get(), a.organisationId().get(),
                    a.organisationName().orElse(""), type.get()));
        }
        if (a.kind().equals("carer") && a.id().indexOf('|') > 0) {
            int bar = a.id().indexOf('|'); // a carer's agent id is their account, "issuer|subject"
            return Optional.of(new Caller.Carer(a.id().substring(0, bar), a.id().substring(bar + 1), a.name()));
        }
        if (a.kind().equals("system") && a.organisationId().isPresent() && type.isPresent()) {
            return Optional.of(new Caller.PartnerSystem("", a.id(), a.name(), a.organisationId().get(),
                    a.organisationName().orElse(""), type.get()));
        }
        return Optional.empty();
    }
}
