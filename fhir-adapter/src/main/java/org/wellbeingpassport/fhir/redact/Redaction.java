package org.wellbeingpassport.fhir.redact;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.wellbeingpassport.consent.DataItem;
import org.wellbeingpassport.consent.Decision;
import org.wellbeingpassport.consent.DisclosureMask;
import org.wellbeingpassport.consent.Obligation;
import org.wellbeingpassport.fhir.path.ResourceItems;

/**
 * What to do to one resource: the element paths to withhold, whether to mark what was withheld (the
 * engine's mark-withheld obligation), the open disputes to attach (by anchor: "" for the resource,
 * or a Composition section path), or drop the resource altogether. Independent of how it was
 * decided; build it from the engine with {@link #of(ResourceItems, List, boolean)} (fast path) or
 * {@link #of(ResourceItems, List)} (with reasons).
 */
public record Redaction(Set<String> withheld, boolean markWithheld, Map<String, List<String>> disputes,
        boolean dropAll) {
    public Redaction {
        withheld = Set.copyOf(withheld);
        Objects.requireNonNull(disputes, "disputes");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        disputes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        disputes = Map.copyOf(copy);
    }

    /** Disclose everything, attach nothing. */
    public static final Redaction NONE = new Redaction(Set.of(), false, Map.of(), false);

    /** Withhold the whole resource (nothing of it leaves). */
    public static final Redaction DROP = new Redaction(Set.of(), false, Map.of(), true);

    /** Withhold these paths; mark them where FHIR has a place for the mark. */
    public static Redaction withholding(Set<String> paths, boolean mark) {
        return new Redaction(paths, mark, Map.of(), false);
    }

    /** This redaction, also attaching these open disputes at an anchor. */
    public Redaction withDisputes(String anchor, List<String> disputeIds) {
        Map<String, List<String>> more = new LinkedHashMap<>(disputes);
        more.put(anchor, disputeIds);
        return new Redaction(withheld, markWithheld, more, dropAll);
    }

    /** True when nothing would change. */
    public boolean isNone() {
        return !dropAll && withheld.isEmpty() && disputes.isEmpty();
    }

    /**
     * From the engine's fast path: one mask per item of the resource. Open disputes of an item are
     * attached when anything of it is disclosed (as the engine's attach-disputes obligation says);
     * {@code mark} is the mark-withheld obligation, which the engine sets whenever something is withheld.
     */
    public static Redaction of(ResourceItems items, List<DisclosureMask> masks, boolean mark) {
        if (masks.size() != items.items().size()) {
            throw new IllegalArgumentException("one mask per item");
        }
        boolean anyDisclosed = false;
        Set<String> withheld = null;
        Map<String, List<String>> disputes = null;
        for (int i = 0; i < masks.size(); i++) {
            DisclosureMask m = masks.get(i);
            DataItem item = items.items().get(i);
            if (m.all()) {
                anyDisclosed |= m.size() > 0;
            } else {
                if (withheld == null) {
                    withheld = new HashSet<>();
                }
                for (int e = 0; e < m.size(); e++) {
                    if (m.disclosed(e)) {
                        anyDisclosed = true;
                    } else {
                        withheld.add(item.elements().get(e).path());
                    }
                }
            }
            if (!item.openDisputes().isEmpty() && m.disclosedCount() > 0) {
                if (disputes == null) {
                    disputes = new LinkedHashMap<>();
                }
                disputes.put(items.anchors().get(i), item.openDisputes());
            }
        }
        if (!anyDisclosed) {
            return DROP;
        }
        return new Redaction(withheld == null ? Set.of() : withheld, mark, disputes == null ? Map.of() : disputes,
                false);
    }

    /** From full decisions (one per item), honouring their obligations. */
    public static Redaction of(ResourceItems items, List<Decision> decisions) {
        if (decisions.size() != items.items().size()) {
            throw new IllegalArgumentException("one decision per item");
        }
        Set<String> withheld = new HashSet<>();
        boolean mark = false;
        boolean anyDisclosed = false;
        Map<String, List<String>> disputes = new LinkedHashMap<>();
        for (int i = 0; i < decisions.size(); i++) {
            Decision d = decisions.get(i);
            withheld.addAll(d.withheldPaths());
            anyDisclosed |= d.anyDisclosed();
            for (Obligation o : d.obligations()) {
                if (o instanceof Obligation.MarkWithheld) {
                    mark = true;
                } else if (o instanceof Obligation.AttachDisputes a) {
                    List<String> ids = new ArrayList<>(disputes.getOrDefault(items.anchors().get(i), List.of()));
                    a.disputeIds().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
                    disputes.put(items.anchors().get(i), ids);
                }
            }
        }
        if (!anyDisclosed) {
            return DROP;
        }
        return new Redaction(withheld, mark, disputes, false);
    }
}
