package org.wellbeingpassport.fhir.validate;

import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.StringType;

/** Every issue found in one resource, and the OperationOutcome that reports them at the edge. */
public record ValidationReport(List<Issue> issues) {
    public ValidationReport {
        issues = List.copyOf(issues);
    }

    /** True when nothing blocks the resource (no error or fatal issue). */
    public boolean valid() {
        return issues.stream().noneMatch(i -> i.severity().blocks());
    }

    public List<Issue> errors() {
        return issues.stream().filter(i -> i.severity().blocks()).toList();
    }

    public List<Issue> warnings() {
        return issues.stream().filter(i -> i.severity() == Issue.Severity.WARNING).toList();
    }

    /** An OperationOutcome listing every issue with its location (an "all OK" information issue when there are none). */
    public OperationOutcome toOperationOutcome() {
        OperationOutcome oo = new OperationOutcome();
        if (issues.isEmpty()) {
            oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                    .setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics("No issues found");
            return oo;
        }
        for (Issue i : issues) {
            OperationOutcome.OperationOutcomeIssueComponent c = oo.addIssue();
            c.setSeverity(switch (i.severity()) {
                case FATAL -> OperationOutcome.IssueSeverity.FATAL;
                case ERROR -> OperationOutcome.IssueSeverity.ERROR;
                case WARNING -> OperationOutcome.IssueSeverity.WARNING;
                case INFORMATION -> OperationOutcome.IssueSeverity.INFORMATION;
            });
            c.setCode(i.rule().startsWith("passport-")
                    ? OperationOutcome.IssueType.BUSINESSRULE
                    : OperationOutcome.IssueType.INVALID);
            c.setDiagnostics(i.message() + " [" + i.rule() + "]");
            c.addExpression(i.location());
            c.getLocation().add(new StringType(i.location()));
        }
        return oo;
    }
}
