package org.wellbeingpassport.api.fhir;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.http.FhirException;
import org.wellbeingpassport.api.http.Purposes;
import org.wellbeingpassport.api.partner.PartnerAccess;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * One FHIR request of a partner system: who (the caller), for which purpose, with which scopes, from where, and the
 * base its URLs are written against.
 *
 * <p>
 * The purpose of use: {@code ?purpose=CODE}, else the {@code X-Purpose-Of-Use} header, else the default of the
 * partner's registration (carried in its token). A purpose the registration does not allow is a 403.
 */
record PartnerContext(Caller caller, PartnerAccess access, Purpose purpose, Optional<String> source, String base) {
    static final String PURPOSE_HEADER = "X-Purpose-Of-Use";

    static PartnerContext of(HttpRequest<?> request, Authentication auth, String purposeParam, String base) {
        PartnerAccess access = PartnerAccess.of(auth);
        String code = purposeParam;
        if (code == null || code.isBlank()) {
            code = request.getHeaders().get(PURPOSE_HEADER);
        }
        Purpose purpose;
        if (code == null || code.isBlank()) {
            purpose = access.defaultPurpose()
                    .orElseThrow(
                            () -> new FhirException(HttpStatus.BAD_REQUEST,
                                    List.of(new FhirException.Issue(IssueType.REQUIRED, "State your purpose: ?purpose="
                                            + Purposes.codes() + " (or the " + PURPOSE_HEADER + " header)",
                                            "purpose"))));
        } else {
            String c = code.trim();
            purpose = Purpose.fromCode(c)
                    .orElseThrow(() -> new FhirException(HttpStatus.BAD_REQUEST,
                            List.of(new FhirException.Issue(IssueType.CODEINVALID,
                                    "Unknown purpose '" + c + "'; use one of " + Purposes.codes(), "purpose"))));
        }
        if (!access.allows(purpose)) {
            throw new FhirException(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN,
                    "Your registration does not allow the purpose " + purpose.code());
        }
        return new PartnerContext(Callers.of(auth), access, purpose,
                Optional.of(request.getRemoteAddress().getAddress().getHostAddress()), base);
    }

    /** 403 unless the token's scopes allow {@code permission} on {@code type}. */
    void require(String type, char permission) {
        requireScope(access, type, permission);
    }

    /**
     * 403 unless the scopes let the caller read every type a whole-passport answer ({@code Patient/$everything},
     * {@code Composition/$document}) can hold: the passport's types and the Provenances that say who wrote them. A
     * token narrower than that is told which scope it lacks rather than sent a part of the passport.
     */
    void requireWholePassport() {
        for (String t : Bundles.TYPES) {
            require(t, 'r');
        }
        require("Provenance", 'r');
    }

    /** 403 unless these scopes allow {@code permission} on {@code type} (routes with no resident, no purpose). */
    static void requireScope(PartnerAccess access, String type, char permission) {
        if (!access.permits(type, permission)) {
            throw new FhirException(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN,
                    "Your access token's scopes do not include system/" + type + "." + permission);
        }
    }
}
