package org.wellbeingpassport.api.notices;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import org.wellbeingpassport.api.http.Refuses;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.auth.Caller;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.List;
import org.wellbeingpassport.api.audit.AuditAgent;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.api.http.Problem;

/**
 * The resident's disclosure ledger: who received which version of which part of their passport, when and for what
 * purpose; and who was told since that something they received changed meaning, and when.
 */
@Controller("/me/disclosures")
@Secured("resident")
public class LedgerController {
    private final ResidentAccounts accounts;
    private final Ledger ledger;
    private final Gate gate;

    public LedgerController(ResidentAccounts accounts, Ledger ledger, Gate gate) {
        this.gate = gate;
        this.accounts = accounts;
        this.ledger = ledger;
    }

    /** What my disclosures ledger says: who received what, and who was told since that it changed. */
    public record Disclosures(List<Received> received, List<Told> told) {
    }

    /** Who received or was told: a person or system, and their organisation when they have one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recipient(String kind, String id, String name, @Nullable String organisation,
            @Nullable String organisationName) {
        static Recipient of(AuditAgent a) {
            return new Recipient(a.kind(), a.id(), a.name(), a.organisationId().orElse(null),
                    a.organisationName().orElse(null));
        }
    }

    /** One part of my passport that someone received, which version, when and for what. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Received(Recipient recipient, String element, @Nullable Long version, String at,
            @Nullable String purpose) {
    }

    /** Someone told that something they received changed meaning. */
    public record Told(Recipient recipient, String kind, String about, String at) {
    }

    @Refuses.Read
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Disclosures> mine(Authentication auth) {
        Caller me = Callers.of(auth);
        String rid = accounts.passportOf(me).orElseThrow(Problem::notAvailable);
        List<Received> received = ledger.received(rid).stream().map(r -> new Received(Recipient.of(r.recipient()),
                r.element(), r.version().orElse(null), r.at().toString(), r.purpose().orElse(null))).toList();
        List<Told> told = ledger.told(rid).stream()
                .map(t -> new Told(Recipient.of(t.recipient()), t.kind(), t.about(), t.at().toString())).toList();
        return gate.ownListing(me, rid, "read who received their data and who was told",
                HttpResponse.ok(new Disclosures(received, told)).header("Cache-Control", "no-store"));
    }
}
