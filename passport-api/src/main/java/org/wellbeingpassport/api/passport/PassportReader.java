package org.wellbeingpassport.api.passport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.consent.AccessBasis;
import org.wellbeingpassport.consent.AccessRequest;
import org.wellbeingpassport.consent.CompiledPolicy;
import org.wellbeingpassport.consent.ConsentEngine;
import org.wellbeingpassport.consent.DataItem;
import org.wellbeingpassport.consent.Decision;
import org.wellbeingpassport.consent.DisclosureMask;
import org.wellbeingpassport.fhir.path.ResourceItems;
import org.wellbeingpassport.fhir.redact.JsonRedactor;
import org.wellbeingpassport.fhir.redact.Redaction;

/**
 * Reads a passport for someone other than its resident: the passport as it is now (PreparedPassports: a version
 * check by {@code _id}, and one read of the whole passport when this instance has not got that version), then for
 * each resource the consent engine's per-element decision (compiled once per request), decryption and redaction of
 * what is disclosed. It records nothing: the gate ({@code gate.Gate}) calls it, records the audit entry and only
 * then sends what it produced.
 */
@Singleton
public final class PassportReader {
    /** Resources that are about the record, not the resident's story (directives, audit, disputes): never disclosed. */
    private static final Set<String> PRIVATE_TYPES = Set.of("Consent", "AuditEvent", "Task", "Communication");

    private final PreparedPassports prepared;
    private final SealedElements sealed;
    private final ConsentEngine engine;
    private final String publicUrl;
    private final DecidedDisclosures decided;

    public PassportReader(PreparedPassports prepared, SealedElements sealed, ConsentEngine engine,
            @Value("${passport.public-url:`http://localhost:8080`}") String publicUrl, DecidedDisclosures decided) {
        this.publicUrl = publicUrl.replaceAll("/$", "");
        this.prepared = prepared;
        this.sealed = sealed;
        this.engine = engine;
        this.decided = decided;
    }

    /** Decides and redacts the passport as it is now for a request; empty when there is no passport. */
    public Optional<Evaluation> evaluate(AccessRequest request, String residentId, boolean explain) {
        return prepared.current(residentId).map(p -> evaluate(request, p, explain));
    }

    /**
     * Decides and redacts every resource of a prepared passport for a request, under the directives it holds. Only
     * what is disclosed is parsed and unsealed, each into a tree of this call's own. With {@code explain}, every
     * item's full decision (with reasons) is kept too, for previews and explanations.
     *
     * <p>
     * A consent-based read (not break-glass, not a lawful basis, not an explanation) of a passport version already
     * decided for the same actor and purpose within the same time window is given that decision's disclosure
     * ({@link DecidedDisclosures}): the same bytes, made once.
     */
    public Evaluation evaluate(AccessRequest request, PreparedPassport passport, boolean explain) {
        if (explain || !(request.basis() instanceof AccessBasis.Consent)) {
            return evaluateNow(request, passport, explain);
        }
        Optional<Evaluation> kept = decided.find(passport, request.actor(), request.purpose(), request.at());
        if (kept.isPresent()) {
            return kept.get();
        }
        Evaluation ev = evaluateNow(request, passport, false).kept();
        decided.keep(passport, request.actor(), request.purpose(), request.at(), ev);
        return ev;
    }

    private Evaluation evaluateNow(AccessRequest request, PreparedPassport passport, boolean explain) {
        String residentId = passport.residentId();
        CompiledPolicy policy = engine.compile(passport.directives(), request);
        List<Evaluation.Sent> sent = new ArrayList<>();
        List<String> resources = new ArrayList<>();
        List<String> disclosed = new ArrayList<>();
        List<String> withheld = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        Set<String> referenced = new HashSet<>();
        Set<String> dropped = new HashSet<>();
        for (PreparedPassport.Resource r : passport.resources()) {
            String ref = r.ref();
            if (PRIVATE_TYPES.contains(r.type())) {
                dropped.add(ref);
                continue;
            }
            ResourceItems items = r.items();
            List<DisclosureMask> masks = new ArrayList<>(items.items().size());
            boolean any = false;
            for (DataItem item : items.items()) {
                DisclosureMask m = policy.disclose(item);
                masks.add(m);
                any |= !m.none();
                if (explain) {
                    decisions.add(policy.decide(item));
                }
            }
            if (!any) {
                withheld.add(ref);
                dropped.add(ref);
                continue;
            }
            Redaction redaction = Redaction.of(items, masks, true);
            ObjectNode tree = null;
            if (r.sealed() || !redaction.isNone()) {
                tree = r.freshTree();
                if (r.sealed()) {
                    sealed.unseal(residentId, tree);
                    tree.remove("text"); // no narrative leaves (see PreparedPassports), sealed or not
                }
                if (JsonRedactor.redact(tree, redaction) == JsonRedactor.Outcome.DROPPED) {
                    withheld.add(ref);
                    dropped.add(ref);
                    continue;
                }
            }
            referenced.addAll(r.references());
            withheld.addAll(redaction.withheld());
            resources.add(ref);
            for (String anchor : items.anchors()) {
                disclosed.add(anchor.isEmpty() ? ref : anchor);
            }
            sent.add(new Evaluation.Sent(publicUrl + "/fhir/" + ref, tree, r));
        }
        // no reference (nor its display text) may show that a withheld resource exists; only what refers to
        // something dropped needs the walk (and, if it was to go as stored, a tree of its own for it)
        dropped.retainAll(referenced);
        if (!dropped.isEmpty()) {
            List<ObjectNode> pruned = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                Evaluation.Sent s = sent.get(i);
                if (java.util.Collections.disjoint(s.source().references(), dropped)) {
                    continue;
                }
                if (s.tree() == null) {
                    s = new Evaluation.Sent(s.fullUrl(), s.source().freshTree(), s.source());
                    sent.set(i, s);
                }
                pruned.add(s.tree());
            }
            JsonRedactor.removeReferences(pruned, dropped);
        }
        return new Evaluation(sent, resources, disclosed, withheld, decisions, policy);
    }

    /** How a read's basis is named in the audit trail: consent, break-glass, or lawful:KIND. */
    public static String basis(AccessBasis basis) {
        if (basis instanceof AccessBasis.BreakGlass) {
            return "break-glass";
        }
        if (basis instanceof AccessBasis.Lawful l) {
            return "lawful:" + l.basis().kind().code();
        }
        return "consent";
    }
}
