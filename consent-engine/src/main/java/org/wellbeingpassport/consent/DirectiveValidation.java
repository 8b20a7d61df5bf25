package org.wellbeingpassport.consent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * Validation at the door: every problem in a resident's directives, listed, so that evaluation
 * never fails on shape. A {@link DirectiveSet} can only be built from directives with no problems.
 */
public final class DirectiveValidation {
    private DirectiveValidation() {
    }

    public static List<Problem> validate(String residentId, List<Provision> provisions) {
        List<Problem> problems = new ArrayList<>();
        if (residentId == null || residentId.isBlank()) {
            problems.add(new Problem("directives", ProblemKind.BLANK_RESIDENT, "the resident id is blank"));
        }
        Set<String> ids = new HashSet<>();
        for (Provision p : provisions) {
            check(p, null, "provision " + p.id(), ids, problems);
        }
        return List.copyOf(problems);
    }

    private static void check(Provision p, Provision parent, String where, Set<String> ids, List<Problem> out) {
        boolean topLevel = parent == null;
        if (p.id().isBlank()) {
            out.add(new Problem(where, ProblemKind.BLANK_ID, "a provision has a blank id"));
        } else if (!ids.add(p.id())) {
            out.add(new Problem(where, ProblemKind.DUPLICATE_ID, "provision id '" + p.id() + "' is used twice"));
        }
        if (topLevel && p.who().isEmpty()) {
            out.add(new Problem(where, ProblemKind.NO_RECIPIENT, "the provision does not say who it is about"));
        }
        for (Recipient r : p.who()) {
            checkRecipient(r, where, out);
        }
        checkScope(p, where, out);
        if (topLevel && p.type() == ProvisionType.PERMIT && p.purposes().isEmpty()) {
            out.add(new Problem(where, ProblemKind.NO_PURPOSE, "a permit must name at least one purpose"));
        }
        if (p.purposes().contains(Purpose.RESEARCH) && p.purposes().size() > 1) {
            out.add(new Problem(where, ProblemKind.RESEARCH_NOT_SEPARATE,
                    "research needs its own separate consent, not combined with other purposes"));
        }
        p.period().ifPresent(period -> period.end().ifPresent(end -> {
            if (!end.isAfter(period.start())) {
                out.add(new Problem(where, ProblemKind.PERIOD_ENDS_BEFORE_START,
                        "the period ends (" + end + ") before or when it starts (" + period.start() + ")"));
            }
        }));
        if (topLevel && p.granted().isEmpty()) {
            out.add(new Problem(where, ProblemKind.NO_GRANTED_DATE,
                    "a top-level provision must record when the resident made it"));
        }
        if (!topLevel && p.granted().isPresent()) {
            out.add(new Problem(where, ProblemKind.GRANTED_DATE_ON_NESTED,
                    "a nested provision takes its date from the top-level provision"));
        }
        if (p.granted().isPresent() && p.revoked().isPresent() && p.revoked().get().isBefore(p.granted().get())) {
            out.add(new Problem(where, ProblemKind.REVOKED_BEFORE_GRANTED, "revoked before it was granted"));
        }
        if (parent != null && parent.type() == ProvisionType.DENY && p.type() == ProvisionType.PERMIT) {
            out.add(new Problem(where, ProblemKind.PERMIT_INSIDE_DENY,
                    "a permit inside a deny could never take effect (deny overrides permit)"));
        }
        for (Provision child : p.nested()) {
            check(child, p, where + "/" + child.id(), ids, out);
        }
    }

    private static void checkRecipient(Recipient r, String where, List<Problem> out) {
        if (r instanceof Recipient.WithRole w) {
            checkRole(w.roleCode(), where, out);
        } else if (r instanceof Recipient.WithRoleAt w) {
            checkRole(w.roleCode(), where, out);
            blank(w.organisationId(), where, out);
        } else if (r instanceof Recipient.OfOrganisationType t) {
            if (OrganisationType.fromCode(t.typeCode()).isEmpty()) {
                out.add(new Problem(where, ProblemKind.UNKNOWN_ORGANISATION_TYPE,
                        "unknown organisation type '" + t.typeCode() + "'"));
            }
        } else if (r instanceof Recipient.Named n) {
            blank(n.professionalId(), where, out);
        } else if (r instanceof Recipient.AtOrganisation a) {
            blank(a.organisationId(), where, out);
        } else if (r instanceof Recipient.Delegate d) {
            blank(d.proxyId(), where, out);
        } else if (r instanceof Recipient.PartnerSystem s) {
            blank(s.systemId(), where, out);
        }
    }

    private static void checkRole(String code, String where, List<Problem> out) {
        if (ProfessionalRole.fromCode(code).isEmpty()) {
            out.add(new Problem(where, ProblemKind.UNKNOWN_ROLE, "unknown professional role '" + code + "'"));
        }
    }

    private static void blank(String id, String where, List<Problem> out) {
        if (id.isBlank()) {
            out.add(new Problem(where, ProblemKind.BLANK_RECIPIENT_ID, "a recipient has a blank id"));
        }
    }

    private static void checkScope(Provision p, String where, List<Problem> out) {
        Scope s = p.what();
        if (s.isEmpty()) {
            out.add(new Problem(where, ProblemKind.EMPTY_PROVISION,
                    "the provision does not say what it covers (use Scope.everything() for the whole record)"));
        }
        if (s.wholeRecord() && !(s.sections().isEmpty() && s.resourceTypes().isEmpty() && s.paths().isEmpty())) {
            out.add(new Problem(where, ProblemKind.CONTRADICTORY_SCOPE,
                    "the whole record cannot also be limited to sections, types or paths"));
        }
        for (String path : s.paths()) {
            if (path.isBlank()) {
                out.add(new Problem(where, ProblemKind.BLANK_PATH, "an element path is blank"));
            }
        }
        for (String type : s.resourceTypes()) {
            if (type.isBlank()) {
                out.add(new Problem(where, ProblemKind.BLANK_RESOURCE_TYPE, "a resource type is blank"));
            }
        }
    }
}
