package org.wellbeingpassport.api.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wellbeingpassport.api.access.AccessRequestController;
import org.wellbeingpassport.api.access.AccessRequestForm;
import org.wellbeingpassport.api.access.ApprovalForm;
import org.wellbeingpassport.api.access.BreakGlassForm;
import org.wellbeingpassport.api.access.CarerForm;
import org.wellbeingpassport.api.access.RedeemForm;
import org.wellbeingpassport.api.access.ShareCodeForm;
import org.wellbeingpassport.api.access.BreakGlassController;
import org.wellbeingpassport.api.access.CarerController;
import org.wellbeingpassport.api.access.ResidentRequestController;
import org.wellbeingpassport.api.access.ShareCodeController;
import org.wellbeingpassport.api.audit.AccessHistoryItem;
import org.wellbeingpassport.api.audit.ResidentHistory;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.contribution.ContributionController;
import org.wellbeingpassport.api.contribution.ResidentEntriesController;
import org.wellbeingpassport.api.corrections.ResidentCorrectionsController;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.api.access.PassportController;
import org.wellbeingpassport.api.resident.DirectivesController;
import org.wellbeingpassport.api.resident.PreviewController;
import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.api.resident.ResidentController;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.consent.DirectiveSet;

/**
 * The pages' one way in: the same entry points the HTTP API serves, called in process with the signed-in caller's
 * authentication. Validation, consent, redaction, audit and notices all happen there, exactly as for the API; here
 * the answers are only turned from JSON bodies into values for templates.
 */
@Singleton
public final class Flows {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    private final ResidentController resident;
    private final DirectivesController directives;
    private final PreviewController preview;
    private final ResidentRequestController requests;
    private final ShareCodeController shareCodes;
    private final CarerController carers;
    private final ResidentEntriesController entries;
    private final AccessRequestController accessRequests;
    private final PassportController passports;
    private final ContributionController contributions;
    private final BreakGlassController breakGlass;
    private final ResidentHistory history;
    private final ResidentAccounts accounts;
    private final DirectiveStore directiveStore;
    private final ResidentCorrectionsController corrections;
    private final Gate gate;

    public Flows(ResidentController resident, DirectivesController directives, PreviewController preview,
            ResidentRequestController requests, ShareCodeController shareCodes, CarerController carers,
            ResidentEntriesController entries, AccessRequestController accessRequests, PassportController passports,
            ContributionController contributions, BreakGlassController breakGlass, ResidentHistory history,
            ResidentAccounts accounts, DirectiveStore directiveStore, ResidentCorrectionsController corrections,
            Gate gate) {
        this.corrections = corrections;
        this.gate = gate;
        this.resident = resident;
        this.directives = directives;
        this.preview = preview;
        this.requests = requests;
        this.shareCodes = shareCodes;
        this.carers = carers;
        this.entries = entries;
        this.accessRequests = accessRequests;
        this.passports = passports;
        this.contributions = contributions;
        this.breakGlass = breakGlass;
        this.history = history;
        this.accounts = accounts;
        this.directiveStore = directiveStore;
    }

    // ---- the resident

    /** My whole passport (the resident's own read, audited as such). */
    public ObjectNode myPassport(Authentication auth) {
        return tree(resident.read(auth).body());
    }

    /** My choices of who sees what. */
    public DirectiveSet myChoices(Authentication auth) {
        String rid = accounts.passportOf(Callers.of(auth)).orElseThrow(Problem::notAvailable);
        // recorded as GET /me/sharing records it, before the page shows anything
        return gate.ownListing(Callers.of(auth), rid, "read their sharing choices", directiveStore.current(rid));
    }

    public void stopSharing(Authentication auth, String provisionId) {
        directives.revoke(auth, provisionId);
    }

    public ObjectNode preview(Authentication auth, String purpose, String role, String organisationType) {
        return tree(preview.preview(auth, purpose, role, organisationType, null, null, null, null).body());
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> pendingRequests(Authentication auth) {
        return (List<Map<String, Object>>) map(requests.pending(auth).body()).get("requests");
    }

    public Map<String, Object> approve(Authentication auth, String id, List<String> sections, String until) {
        ObjectNode body = JSON.createObjectNode();
        if (!sections.isEmpty()) {
            sections.forEach(body.putArray("sections")::add);
        }
        if (!until.isBlank()) {
            body.put("until", until);
        }
        return map(door(() -> requests.approve(auth, id, form(body, ApprovalForm.class)).body()));
    }

    public void refuse(Authentication auth, String id) {
        door(() -> requests.refuse(auth, id));
    }

    public Map<String, Object> newShareCode(Authentication auth, List<String> sections, String purpose, int minutes,
            int uses) {
        ObjectNode body = JSON.createObjectNode();
        sections.forEach(body.putArray("sections")::add);
        body.put("purpose", purpose);
        body.put("minutes", minutes);
        body.put("uses", uses);
        return map(door(() -> shareCodes.create(auth, form(body, ShareCodeForm.class)).body()));
    }

    public List<AccessHistoryItem> whoLooked(Authentication auth) {
        String rid = accounts.passportOf(Callers.of(auth)).orElseThrow(Problem::notAvailable);
        // recorded as GET /me/access-history records it, before the page shows anything
        return gate.ownListing(Callers.of(auth), rid, "read who saw their record", history.of(rid, 100));
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> entries(Authentication auth, String status) {
        return entries.list(auth, status).body().entries().stream().map(Flows::map).toList();
    }

    public void confirm(Authentication auth, String type, String id, String section) {
        ObjectNode body = JSON.createObjectNode();
        if (!section.isBlank()) {
            body.put("section", section);
        }
        door(() -> entries.confirm(auth, type, id,
                form(body, org.wellbeingpassport.api.contribution.ConfirmBody.class)));
    }

    public void dispute(Authentication auth, String type, String id, String section, String reason) {
        ObjectNode body = JSON.createObjectNode();
        body.put("reason", reason);
        if (!section.isBlank()) {
            body.put("section", section);
        }
        door(() -> corrections.request(auth, type, id, form(body, ResidentCorrectionsController.RequestBody.class)));
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> disputes(Authentication auth) {
        return corrections.list(auth).body().disputes().stream().map(Flows::map).toList();
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> carers(Authentication auth) {
        return (List<Map<String, Object>>) map(carers.list(auth)).get("carers");
    }

    public void addCarer(Authentication auth, String account, String name, List<String> sections, String until) {
        ObjectNode body = JSON.createObjectNode();
        body.put("carerAccount", account);
        body.put("name", name);
        sections.forEach(body.putArray("sections")::add);
        body.putArray("purposes").add("direct-care").add("support-planning");
        if (!until.isBlank()) {
            body.put("until", until);
        }
        door(() -> carers.add(auth, form(body, CarerForm.class)));
    }

    public void withdrawCarer(Authentication auth, String provisionId) {
        carers.revoke(auth, provisionId);
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> myDelegations(Authentication auth) {
        return (List<Map<String, Object>>) map(carers.mine(auth).body()).get("delegations");
    }

    public void leave(Authentication auth) {
        resident.leave(auth);
    }

    // ---- the professional

    public String askForAccess(Authentication auth, String nhsNumber, String birthDate, String purpose,
            List<String> sections, String reason) {
        ObjectNode body = JSON.createObjectNode();
        body.put("nhsNumber", nhsNumber);
        body.put("birthDate", birthDate);
        body.put("purpose", purpose);
        sections.forEach(body.putArray("sections")::add);
        body.put("reason", reason);
        return door(() -> accessRequests.ask(auth, form(body, AccessRequestForm.class)).body().id());
    }

    public Map<String, Object> requestStatus(Authentication auth, String id) {
        return map(accessRequests.status(auth, id).body());
    }

    public Map<String, Object> redeem(Authentication auth, String code, String purpose) {
        ObjectNode body = JSON.createObjectNode();
        body.put("code", code);
        body.put("purpose", purpose);
        return map(door(() -> shareCodes.redeem(auth, form(body, RedeemForm.class)).body()));
    }

    /** The consented passport exactly as the API's read sends it (decided, redacted and audited there). */
    public ObjectNode read(HttpRequest<?> request, Authentication auth, String residentId, String purpose) {
        return tree(passports.read(request, auth, residentId, purpose).body());
    }

    public Map<String, Object> why(Authentication auth, String residentId, String purpose) {
        return passports.why(auth, residentId, purpose);
    }

    public void propose(HttpRequest<?> request, Authentication auth, String residentId, String purpose,
            ObjectNode resource) {
        contributions.contribute(request, auth, residentId, purpose, resource.toString());
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> notifications(Authentication auth) {
        return (List<Map<String, Object>>) map(contributions.notices(auth).body()).get("notifications");
    }

    public Map<String, Object> breakGlass(Authentication auth, String residentId, String reason, int minutes) {
        ObjectNode body = JSON.createObjectNode();
        body.put("reason", reason);
        body.put("minutes", minutes);
        return map(door(() -> breakGlass.breakGlass(auth, residentId, form(body, BreakGlassForm.class)).body()));
    }

    /**
     * A form the pages filled in, read exactly as the API reads a request body (closed: a field the record does not
     * have, a code it does not know or a date that is not one is refused with the same problem the API sends).
     */
    static <T> T form(ObjectNode body, Class<T> type) {
        try {
            return READER.treeToValue(body, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw org.wellbeingpassport.api.http.BodyErrors.of(e);
        }
    }

    /** A call into a controller, its record constraints broken turned into the API's 422 problem. */
    static <T> T door(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (jakarta.validation.ConstraintViolationException e) {
            throw org.wellbeingpassport.api.http.Violations.problem(e);
        }
    }

    static void door(Runnable call) {
        door(() -> {
            call.run();
            return null;
        });
    }

    /** A response record as the templates read it: a map, codes and times as the API writes them. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object record) {
        return JSON.convertValue(record, Map.class);
    }

    private static final ObjectMapper READER = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static ObjectNode tree(Object body) {
        try {
            JsonNode n = body instanceof byte[] b ? JSON.readTree(b) : JSON.readTree((String) body);
            return (ObjectNode) n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
