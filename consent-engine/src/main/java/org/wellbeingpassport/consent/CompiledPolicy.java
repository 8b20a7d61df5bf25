package org.wellbeingpassport.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A directive set prepared for one request: the provisions about this actor, already filtered by
 * time, revocation and purpose, with paths, sections and categories turned into arrays and bit
 * masks. Immutable and thread-safe. {@link #disclose(DataItem)} allocates one small mask per item
 * and nothing per element; {@link #decide(DataItem)} adds reasons and obligations.
 *
 * <p>Order of precedence for each element: onward-disclosure ban (and a foreign resident) first;
 * then a valid break-glass or lawful basis covering it; then any top-level deny; then a permit
 * that covers it, names every sensitive category it carries, and has no nested deny (exception)
 * covering it; otherwise withheld.
 */
public final class CompiledPolicy {
    private static final int NO_OVERRIDE = 0;
    private static final int BREAK_GLASS = 1;
    private static final int LAWFUL = 2;

    private final DirectiveSet directives;
    private final AccessRequest request;
    private final Rule[] denies;
    private final Rule[] permits;
    private final Rule[] inactivePermits;
    private final List<Obligation> requestObligations;
    private final List<Reason> notes;

    private final int override;
    private final Reason overrideReason;
    // break-glass minimal set
    private final long bgSections;
    private final String[] bgTypes;
    private final String[] bgPaths;
    private final int bgAllowed;
    // lawful basis scope
    private final Selection lawfulSelection;
    private final int lawfulLicence;

    CompiledPolicy(ConsentEngine engine, DirectiveSet directives, AccessRequest request, Rule[] denies, Rule[] permits,
            Rule[] inactivePermits) {
        this.directives = directives;
        this.request = request;
        this.denies = denies;
        this.permits = permits;
        this.inactivePermits = inactivePermits;

        List<Obligation> obligations = new ArrayList<>();
        obligations.add(new Obligation.Record());
        List<Reason> notes = new ArrayList<>();
        int mode = NO_OVERRIDE;
        Reason why = null;
        BreakGlassPolicy bg = engine.breakGlassPolicy();
        Selection lawfulSel = null;
        int lawfulLic = 0;
        if (request.basis() instanceof AccessBasis.BreakGlass b) {
            BreakGlassGrant g = b.grant();
            List<Problem> problems = g.problems(bg);
            boolean sameActor = g.actor().getClass() == request.actor().getClass()
                    && g.actor().id().equals(request.actor().id());
            if (!problems.isEmpty() || !sameActor || g.purpose() != request.purpose()) {
                notes.add(Reason.of(ReasonKind.BREAK_GLASS_REJECTED,
                        problems.isEmpty() ? "the grant is for another actor or purpose" : problems.get(0).message()));
                obligations.add(new Obligation.QueueForReview("break-glass attempted with an invalid grant " + g.id()));
            } else if (!g.activeAt(request.at())) {
                notes.add(Reason.of(ReasonKind.BREAK_GLASS_EXPIRED,
                        "grant " + g.id() + " runs " + g.start() + " to " + g.expiry()));
                obligations.add(new Obligation.QueueForReview("break-glass attempted outside grant " + g.id()));
            } else {
                mode = BREAK_GLASS;
                why = Reason.of(ReasonKind.BREAK_GLASS, g.reason());
                obligations.add(g.noticeDeferredBecause().<Obligation>map(Obligation.NotifyDeferred::new)
                        .orElseGet(Obligation.NotifyResident::new));
                obligations.add(new Obligation.QueueForReview("break-glass " + g.id() + ": " + g.reason()));
            }
        } else if (request.basis() instanceof AccessBasis.Lawful l) {
            LawfulBasis basis = l.basis();
            List<Problem> problems = basis.problems();
            if (!problems.isEmpty() || !basis.period().contains(request.at())) {
                notes.add(Reason.of(ReasonKind.LAWFUL_BASIS_REJECTED,
                        problems.isEmpty()
                                ? basis.kind().label() + " " + basis.reference() + " is not in force"
                                : problems.get(0).message()));
            } else {
                mode = LAWFUL;
                why = Reason.of(ReasonKind.LAWFUL_BASIS, basis.kind().label() + " " + basis.reference());
                lawfulSel = new Selection(basis.scope(), ProvisionType.PERMIT);
                lawfulLic = Categories.mask(basis.scope().categories());
                obligations.add(basis.noticeDeferredBecause().<Obligation>map(Obligation.NotifyDeferred::new)
                        .orElseGet(Obligation.NotifyResident::new));
            }
        }
        this.override = mode;
        this.overrideReason = why;
        long sections = 0;
        for (var s : bg.sections()) {
            sections |= 1L << s.ordinal();
        }
        this.bgSections = sections;
        this.bgTypes = bg.resourceTypes().stream().sorted().toArray(String[]::new);
        this.bgPaths = bg.paths().stream().sorted().toArray(String[]::new);
        this.bgAllowed = Categories.mask(bg.allowedCategories());
        this.lawfulSelection = lawfulSel;
        this.lawfulLicence = lawfulLic;
        this.requestObligations = List.copyOf(obligations);
        this.notes = List.copyOf(notes);
    }

    /** The request this policy was compiled for. */
    public AccessRequest request() {
        return request;
    }

    /** The directive version this policy was compiled from. */
    public long directiveVersion() {
        return directives.version();
    }

    /** Obligations that hold for every item of this request (record; notice and review for overrides). */
    public List<Obligation> requestObligations() {
        return requestObligations;
    }

    /** Fast path: which elements of the item may be disclosed. Same answers as {@link #decide(DataItem)}. */
    public DisclosureMask disclose(DataItem item) {
        int n = item.paths.length;
        long[] words = new long[(n + 63) >>> 6];
        if (blocked(item)) {
            return new DisclosureMask(words, n);
        }
        int section = item.sectionOrdinal;
        String type = item.resourceType();
        String[] paths = item.paths;
        int[] cats = item.categoryMasks;
        for (int i = 0; i < n; i++) {
            if (discloses(section, type, paths[i], cats[i])) {
                words[i >>> 6] |= 1L << i;
            }
        }
        return new DisclosureMask(words, n);
    }

    private boolean blocked(DataItem item) {
        return item.origin().forbidsOnwardDisclosure() || !item.residentId().equals(directives.residentId());
    }

    private boolean discloses(int section, String type, String path, int cats) {
        if (override != NO_OVERRIDE && overrides(section, type, path, cats)) {
            return true;
        }
        for (Rule r : denies) {
            if (r.selects(section, type, path, cats)) {
                return false;
            }
        }
        for (Rule r : permits) {
            if (r.licensed(cats) && r.selects(section, type, path, cats)
                    && r.exceptionFor(section, type, path, cats) == null) {
                return true;
            }
        }
        return false;
    }

    private boolean overrides(int section, String type, String path, int cats) {
        if (override == BREAK_GLASS) {
            if ((cats & ~bgAllowed) != 0) {
                return false;
            }
            return (section >= 0 && (bgSections & (1L << section)) != 0) || Selection.contains(bgTypes, type)
                    || Selection.coveredByAny(bgPaths, path);
        }
        return (cats & ~lawfulLicence) == 0 && lawfulSelection.selects(section, type, path, cats);
    }

    /** Per-element decisions with the reasons that decided them, and the obligations for this item. */
    public Decision decide(DataItem item) {
        int n = item.paths.length;
        List<ElementDecision> elements = new ArrayList<>(n);
        List<String> withheld = new ArrayList<>();
        boolean anyDisclosed = false;
        for (int i = 0; i < n; i++) {
            Reason r = reason(item, i);
            Effect effect = r.discloses() ? Effect.DISCLOSE : Effect.WITHHOLD;
            elements.add(new ElementDecision(item.paths[i], effect, r));
            if (effect == Effect.DISCLOSE) {
                anyDisclosed = true;
            } else {
                withheld.add(item.paths[i]);
            }
        }
        List<Obligation> obligations = new ArrayList<>(requestObligations);
        if (anyDisclosed && !item.openDisputes().isEmpty()) {
            obligations.add(new Obligation.AttachDisputes(item.openDisputes()));
        }
        if (!withheld.isEmpty()) {
            obligations.add(new Obligation.MarkWithheld(withheld));
        }
        return new Decision(request, directives.version(), directives.residentId(), item.resourceType(), item.section(),
                elements, obligations, notes);
    }

    private Reason reason(DataItem item, int i) {
        if (!item.residentId().equals(directives.residentId())) {
            return Reason.of(ReasonKind.OTHER_RESIDENT);
        }
        if (item.origin().forbidsOnwardDisclosure()) {
            return Reason.of(ReasonKind.ONWARD_DISCLOSURE_FORBIDDEN, item.origin().label());
        }
        int section = item.sectionOrdinal;
        String type = item.resourceType();
        String path = item.paths[i];
        int cats = item.categoryMasks[i];
        if (override != NO_OVERRIDE && overrides(section, type, path, cats)) {
            return overrideReason;
        }
        for (Rule r : denies) {
            if (r.selects(section, type, path, cats)) {
                return r.reason;
            }
        }
        Reason excepted = null;
        Reason sensitive = null;
        for (Rule r : permits) {
            if (r.selects(section, type, path, cats)) {
                if (r.licensed(cats)) {
                    Rule e = r.exceptionFor(section, type, path, cats);
                    if (e == null) {
                        return r.reason;
                    }
                    if (excepted == null) {
                        excepted = e.reason;
                    }
                } else if (sensitive == null) {
                    sensitive = new Reason(ReasonKind.SENSITIVE_NOT_NAMED, Optional.of(r.summary),
                            Categories.set(cats & ~r.licence), Optional.empty());
                }
            }
        }
        if (excepted != null) {
            return excepted;
        }
        if (sensitive != null) {
            return sensitive;
        }
        for (Rule r : inactivePermits) {
            if (r.licensed(cats) && r.selects(section, type, path, cats)) {
                return r.reason;
            }
        }
        return Reason.of(ReasonKind.NOT_INCLUDED);
    }
}
