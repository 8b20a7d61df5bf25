package org.wellbeingpassport.consent;

/** A provision flattened for one request: its selections from the top level down, and its licence. */
final class Rule {
    final Selection[] levels;
    final int licence; // sensitive categories named by permits along the way
    final ProvisionSummary summary;
    final ReasonKind status; // PERMITTED/DENIED when in force, else why not
    final Reason reason; // preallocated reason for the common outcome
    final Rule[] exceptions; // for permits: denies nested in this permit or the permits around it

    Rule(Selection[] levels, int licence, ProvisionSummary summary, ReasonKind status, Rule[] exceptions) {
        this.levels = levels;
        this.licence = licence;
        this.summary = summary;
        this.status = status;
        this.reason = Reason.of(status, summary);
        this.exceptions = exceptions;
    }

    boolean selects(int section, String type, String path, int cats) {
        for (Selection s : levels) {
            if (!s.selects(section, type, path, cats)) {
                return false;
            }
        }
        return true;
    }

    /** The first exception (nested deny) that withholds this element from this permit, or null. */
    Rule exceptionFor(int section, String type, String path, int cats) {
        for (Rule e : exceptions) {
            if (e.selects(section, type, path, cats)) {
                return e;
            }
        }
        return null;
    }

    boolean licensed(int cats) {
        return (cats & ~licence) == 0;
    }
}
