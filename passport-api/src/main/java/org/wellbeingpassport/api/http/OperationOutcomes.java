package org.wellbeingpassport.api.http;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** Builds OperationOutcome bodies. */
public final class OperationOutcomes {
    private OperationOutcomes() {
    }

    public static String json(List<FhirException.Issue> issues) {
        OperationOutcome outcome = new OperationOutcome();
        for (FhirException.Issue issue : issues) {
            var component = outcome.addIssue()
                    .setSeverity(
                            issue.type() == IssueType.INFORMATIONAL ? IssueSeverity.INFORMATION : IssueSeverity.ERROR)
                    .setCode(issue.type()).setDiagnostics(issue.diagnostics());
            if (issue.expression() != null) {
                component.addExpression(issue.expression());
            }
        }
        return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(outcome);
    }

    public static String json(IssueType type, String diagnostics) {
        return json(List.of(new FhirException.Issue(type, diagnostics, null)));
    }

    /** The issue type that fits a status the framework produced (not found, wrong method, too large, ...). */
    public static IssueType typeFor(int status) {
        return switch (status) {
            case 400, 415, 422 -> IssueType.INVALID;
            case 401 -> IssueType.LOGIN;
            case 403 -> IssueType.FORBIDDEN;
            case 404 -> IssueType.NOTFOUND;
            case 405, 406, 501 -> IssueType.NOTSUPPORTED;
            case 409, 412 -> IssueType.CONFLICT;
            case 413 -> IssueType.TOOCOSTLY;
            case 429 -> IssueType.THROTTLED;
            case 503 -> IssueType.TRANSIENT;
            default -> IssueType.EXCEPTION;
        };
    }
}
