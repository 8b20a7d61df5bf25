package org.wellbeingpassport.fhir.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CarriedNote;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.codes.SecurityLabels;
import org.wellbeingpassport.fhir.path.ElementPaths;
import org.wellbeingpassport.fhir.path.FhirShape;
import org.wellbeingpassport.fhir.path.PathKeys;

/**
 * Redaction on the stored JSON (a Jackson tree), for the read path. It changes the tree in place, so
 * give it a tree nobody else reads (the one just decoded from the store, or a deep copy).
 *
 * <p>Withheld means absent: for each withheld element path (see {@link ElementPaths}) the content
 * goes and nothing is left that differs with what was withheld: no mark, no placeholder section, no
 * title, label or extension of it, no REDACTED label. Only where R4 requires the element is its
 * place kept, with a data-absent-reason extension of "masked" (a required element is always there,
 * so the mark says only that this reader may not see it). A story section whose own path is
 * withheld but some of whose text, entries or sub-sections are disclosed keeps its code and who
 * wrote it (the provenance of the words sent) and loses its title and every other extension; a
 * section with nothing disclosed goes. A resource that loses anything also loses its narrative
 * (which may repeat what was withheld); the process-inline-label flag stays only while an inline
 * label is left. A resource with nothing disclosed is dropped, and references to it go (a section's
 * author keeps its place as "masked"). Callers that must give the same bytes whatever was withheld
 * also send no narrative at all (passport-api's reader does), since its presence would show that
 * something went. {@link Redaction#markWithheld()} no longer changes the output.
 */
public final class JsonRedactor {
    private static final JsonNodeFactory NODES = Fhir.json().getNodeFactory();
    /** A section's provenance extensions: kept with whatever of the section is sent. */
    private static final Set<String> PROVENANCE = Set.of(CodeSystems.EXT_ASSERTED_ON,
            CodeSystems.EXT_RESIDENT_ASSERTION);

    private JsonRedactor() {
    }

    /** What became of a resource. */
    public enum Outcome {
        /** Nothing changed. */
        UNCHANGED,
        /** Nothing withheld; open disputes attached. */
        ANNOTATED,
        /** Some content withheld (and marked REDACTED). */
        REDACTED,
        /** Nothing disclosed: the resource must not be sent at all. */
        DROPPED
    }

    /** Counts for a Bundle. */
    public record BundleOutcome(int kept, int redacted, int dropped) {
    }

    /** Applies a redaction to one resource, in place. */
    public static Outcome redact(ObjectNode resource, Redaction r) {
        if (r.dropAll()) {
            return Outcome.DROPPED;
        }
        if (r.isNone()) {
            return Outcome.UNCHANGED;
        }
        Walk w = new Walk(resource.path("resourceType").asText(), r);
        if (!w.resource(resource)) {
            return Outcome.DROPPED;
        }
        if (w.kept == 0) {
            return Outcome.DROPPED;
        }
        List<String> resourceDisputes = r.disputes().get("");
        if (resourceDisputes != null) {
            attachDisputes(resource, resourceDisputes);
            w.annotated = true;
        }
        if (w.changed) {
            afterRedaction(resource);
            return Outcome.REDACTED;
        }
        return w.annotated ? Outcome.ANNOTATED : Outcome.UNCHANGED;
    }

    /**
     * Redacts every entry of a Bundle, in place: dropped resources leave no entry, references to them
     * are removed from what is sent, and a search Bundle's total and links are rewritten so that
     * nothing shows that anything was withheld (only the self link is kept; page after redacting).
     */
    public static BundleOutcome redactBundle(ObjectNode bundle, Function<ObjectNode, Redaction> decide) {
        JsonNode entries = bundle.get("entry");
        int kept = 0;
        int redacted = 0;
        int dropped = 0;
        if (entries instanceof ArrayNode array) {
            Set<String> gone = null;
            Set<Integer> redactedHere = new HashSet<>();
            ArrayNode keptEntries = NODES.arrayNode(array.size());
            for (JsonNode entry : array) {
                JsonNode res = entry.get("resource");
                if (!(res instanceof ObjectNode resource)) {
                    keptEntries.add(entry);
                    continue;
                }
                Outcome o = redact(resource, decide.apply(resource));
                if (o == Outcome.DROPPED) {
                    dropped++;
                    if (gone == null) {
                        gone = new HashSet<>();
                    }
                    gone.add(resource.path("resourceType").asText() + "/" + resource.path("id").asText());
                    continue;
                }
                if (o == Outcome.REDACTED) {
                    redacted++;
                    redactedHere.add(keptEntries.size());
                }
                kept++;
                keptEntries.add(entry);
            }
            // references to dropped resources go too (a dangling reference would show they exist)
            if (gone != null) {
                for (int i = 0; i < keptEntries.size(); i++) {
                    if (keptEntries.get(i).get("resource") instanceof ObjectNode resource && pruneOne(resource, gone)
                            && !redactedHere.contains(i)) {
                        redacted++;
                    }
                }
            }
            if (array.size() != keptEntries.size()) {
                bundle.set("entry", keptEntries);
            }
            if (keptEntries.isEmpty()) {
                bundle.remove("entry");
            }
        }
        if ("searchset".equals(bundle.path("type").asText())) {
            int matches = 0;
            for (JsonNode entry : bundle.path("entry")) {
                String mode = entry.path("search").path("mode").asText("match");
                if (mode.equals("match")) {
                    matches++;
                }
            }
            if (bundle.has("total")) {
                bundle.put("total", matches);
            }
            JsonNode links = bundle.get("link");
            if (links instanceof ArrayNode l) {
                ArrayNode self = NODES.arrayNode();
                for (JsonNode link : l) {
                    if ("self".equals(link.path("relation").asText())) {
                        self.add(link);
                    }
                }
                if (self.isEmpty()) {
                    bundle.remove("link");
                } else {
                    bundle.set("link", self);
                }
            }
        }
        return new BundleOutcome(kept, redacted, dropped);
    }

    // ---------------------------------------------------------------- one resource

    private static final class Walk {
        final String type;
        final Set<String> withheld;
        final Map<String, List<String>> disputes;
        int kept;
        boolean changed;
        boolean annotated;

        Walk(String type, Redaction r) {
            this.type = type;
            this.withheld = r.withheld();
            this.disputes = r.disputes();
        }

        /** False when the resource must be dropped (a required element could not be kept). */
        boolean resource(ObjectNode resource) {
            String rootPath = PathKeys.root(resource);
            List<String> keys = new ArrayList<>();
            resource.fieldNames().forEachRemaining(keys::add);
            Set<String> seen = new HashSet<>();
            for (String key : keys) {
                String json = key.startsWith("_") ? key.substring(1) : key;
                if (!seen.add(json) || isStructural(json)) {
                    continue;
                }
                FhirShape.Info info = FhirShape.info(type, json);
                JsonNode v = resource.get(json);
                JsonNode u = resource.get("_" + json);
                if (info != null && info.required() && v != null && v.isValueNode()) {
                    continue;
                }
                String element = info == null ? json : info.element();
                if (type.equals("Composition") && json.equals("section") && v instanceof ArrayNode sections) {
                    ArrayNode out = sections(sections, rootPath + ".section[");
                    if (out == null) {
                        continue;
                    }
                    if (out.isEmpty()) {
                        resource.remove("section");
                    } else {
                        resource.set("section", out);
                    }
                } else if ((v != null && v.isArray()) || (u != null && u.isArray())) {
                    if (!array(resource, json, element, info, v, u, rootPath + "." + element + "[")) {
                        return false;
                    }
                } else {
                    String path = rootPath + "." + element;
                    if (!withheld.contains(path)) {
                        kept++;
                        continue;
                    }
                    changed = true;
                    resource.remove(json);
                    resource.remove("_" + json);
                    if (!placeholder(resource, json, element, info, v == null || v.isValueNode())) {
                        return false;
                    }
                }
            }
            return true;
        }

        private boolean isStructural(String json) {
            return switch (json) {
                case "resourceType", "id", "meta", "implicitRules", "language", "text" -> true;
                default -> false;
            };
        }

        /** Leaves a mark for a removed single element; false when a required element cannot be kept. */
        private boolean placeholder(ObjectNode resource, String json, String element, FhirShape.Info info,
                boolean primitive) {
            boolean required = info != null && info.required();
            if (!required) {
                return true; // absent: a mark would show there was something
            }
            if (type.equals("Observation") && element.equals("value") && !resource.has("dataAbsentReason")) {
                resource.set("dataAbsentReason", maskedConcept());
                return true;
            }
            if (info == null || !info.markable()) {
                // nothing valid can stand in its place: fine if optional, else the resource cannot go
                return !required;
            }
            FhirShape.Kind kind = primitive ? FhirShape.Kind.PRIMITIVE : info.kind();
            switch (kind) {
                case PRIMITIVE -> resource.set("_" + json, maskedElement());
                case DATATYPE -> resource.set(json, maskedElement());
                default -> {
                    return !required;
                }
            }
            return true;
        }

        private boolean array(ObjectNode resource, String json, String element, FhirShape.Info info, JsonNode v,
                JsonNode u, String prefix) {
            int n = Math.max(v == null ? 0 : v.size(), u == null ? 0 : u.size());
            String[] keys = entryKeys(element, v != null && v.isArray() ? v : null, n);
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (withheld.contains(prefix + keys[i] + "]")) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                kept += n;
                return true;
            }
            changed = true;
            FhirShape.Kind kind = info == null || !info.markable() ? FhirShape.Kind.OTHER : info.kind();
            if (kind != FhirShape.Kind.OTHER && kind != FhirShape.Kind.BACKBONE) {
                JsonNode sample = v != null && v.size() > 0 ? v.get(0) : null;
                kind = sample == null || sample.isValueNode() ? FhirShape.Kind.PRIMITIVE : FhirShape.Kind.DATATYPE;
            }
            ArrayNode nv = v != null && v.isArray() ? NODES.arrayNode(n) : null;
            ArrayNode nu = u != null && u.isArray() ? NODES.arrayNode(n) : null;
            int left = 0;
            for (int i = 0; i < n; i++) {
                JsonNode vi = v == null ? null : v.get(i);
                JsonNode ui = u == null ? null : u.get(i);
                if (!withheld.contains(prefix + keys[i] + "]")) {
                    kept++;
                    left++;
                    add(nv, vi);
                    add(nu, ui);
                }
            }
            resource.remove(json);
            resource.remove("_" + json);
            if (left == 0) {
                boolean required = info != null && info.required();
                if (!required) {
                    return true;
                }
                switch (kind) {
                    case DATATYPE -> resource.set(json, NODES.arrayNode().add(maskedElement()));
                    case PRIMITIVE -> {
                        resource.set(json, NODES.arrayNode().addNull());
                        resource.set("_" + json, NODES.arrayNode().add(maskedElement()));
                    }
                    default -> {
                        return false;
                    }
                }
                return true;
            }
            if (nv != null && hasNonNull(nv)) {
                resource.set(json, nv);
            } else if (nv != null && nu == null) {
                return true;
            }
            if (nu != null && hasNonNull(nu)) {
                if (!resource.has(json)) {
                    resource.set(json, nv == null ? nullArray(nu.size()) : nv);
                }
                resource.set("_" + json, nu);
            }
            return true;
        }

        /** Returns the kept sections, or null when none was touched. */
        private ArrayNode sections(ArrayNode sections, String prefix) {
            String[] keys = sectionKeys(sections);
            ArrayNode out = NODES.arrayNode(sections.size());
            boolean touched = false;
            for (int i = 0; i < sections.size(); i++) {
                ObjectNode s = (ObjectNode) sections.get(i);
                String path = prefix + keys[i] + "]";
                boolean changedBefore = changed;
                changed = false;
                boolean keep = section(s, path);
                touched |= changed || !keep;
                changed |= changedBefore;
                if (keep) {
                    out.add(s);
                }
            }
            return touched ? out : null;
        }

        /** Redacts one section in place; false when it must be removed. */
        private boolean section(ObjectNode s, String path) {
            boolean own = withheld.contains(path);
            if (own) {
                changed = true;
                // the section's own content: its title (the resident's words), labels and other extensions
                for (String k : List.of("title", "_title", "focus", "mode", "_mode", "orderedBy", "emptyReason",
                        "modifierExtension")) {
                    s.remove(k);
                }
                JsonNode ext = s.get("extension");
                if (ext instanceof ArrayNode a) {
                    // who wrote it, and when, stays with any words of it that are sent (checked below)
                    ArrayNode provenance = NODES.arrayNode();
                    for (JsonNode x : a) {
                        if (PROVENANCE.contains(x.path("url").asText())) {
                            provenance.add(x);
                        }
                    }
                    if (provenance.isEmpty()) {
                        s.remove("extension");
                    } else {
                        s.set("extension", provenance);
                    }
                }
            } else {
                kept++;
            }
            int keptBefore = kept;
            int keptInSection = own ? kept : kept - 1;
            if (s.has("text")) {
                if (withheld.contains(path + ".text")) {
                    s.remove("text");
                    changed = true;
                } else {
                    kept++;
                }
            }
            if (s.has("entry")) {
                if (withheld.contains(path + ".entry")) {
                    s.remove("entry");
                    changed = true;
                } else {
                    kept++;
                }
            }
            JsonNode subs = s.get("section");
            if (subs instanceof ArrayNode a) {
                ArrayNode out = sections(a, path + ".section[");
                if (out != null) {
                    if (out.isEmpty()) {
                        s.remove("section");
                    } else {
                        s.set("section", out);
                    }
                }
            }
            boolean disclosedHere = kept > keptInSection;
            boolean content = disclosedHere
                    && (s.has("text") || s.has("entry") || s.has("section") || (!own && s.has("emptyReason")));
            List<String> ds = disputes.get(path);
            if (ds != null && content && (kept > keptBefore || !own)) {
                attachDisputes(s, ds);
                annotated = true;
            }
            if (!content) {
                changed = true; // nothing of it is sent, not even its place
                return false;
            }
            return true;
        }

        private static String[] sectionKeys(ArrayNode sections) {
            return entryKeys("section", sections, sections.size());
        }
    }

    private static String[] entryKeys(String element, JsonNode array, int n) {
        return PathKeys.entryKeysFor(element, array, n);
    }

    private static void add(ArrayNode a, JsonNode n) {
        if (a != null) {
            a.add(n == null ? NODES.nullNode() : n);
        }
    }

    private static boolean hasNonNull(ArrayNode a) {
        for (JsonNode n : a) {
            if (!n.isNull()) {
                return true;
            }
        }
        return false;
    }

    private static ArrayNode nullArray(int n) {
        ArrayNode a = NODES.arrayNode(n);
        for (int i = 0; i < n; i++) {
            a.addNull();
        }
        return a;
    }

    static ObjectNode maskedElement() {
        ObjectNode x = NODES.objectNode();
        x.put("url", CodeSystems.EXT_DATA_ABSENT_REASON);
        x.put("valueCode", "masked");
        ObjectNode e = NODES.objectNode();
        e.set("extension", NODES.arrayNode().add(x));
        return e;
    }

    static ObjectNode maskedConcept() {
        ObjectNode coding = NODES.objectNode();
        coding.put("system", CodeSystems.DATA_ABSENT_REASON);
        coding.put("code", "masked");
        coding.put("display", "Masked");
        ObjectNode cc = NODES.objectNode();
        cc.set("coding", NODES.arrayNode().add(coding));
        return cc;
    }

    private static void attachDisputes(ObjectNode element, List<String> ids) {
        ArrayNode ext = element.get("extension") instanceof ArrayNode a ? a : element.putArray("extension");
        for (String carried : ids) {
            CarriedNote note = CarriedNote.decode(carried);
            ObjectNode x = NODES.objectNode();
            ArrayNode parts = NODES.arrayNode();
            parts.addObject().put("url", "id").put("valueString", note.id());
            if (note.kind() == CarriedNote.Kind.DISAGREEMENT) {
                x.put("url", CodeSystems.EXT_DISAGREEMENT);
                parts.addObject().put("url", "statement").put("valueString", note.statement().orElse(""));
            } else {
                x.put("url", CodeSystems.EXT_OPEN_DISPUTE);
            }
            x.set("extension", parts);
            ext.add(x);
        }
    }

    /**
     * After something went: the narrative goes (it may repeat what was withheld), and the flag that says inline
     * labels are to be processed goes when no inline label is left (else it would show there had been one).
     */
    private static void afterRedaction(ObjectNode resource) {
        resource.remove("text");
        if (!(resource.path("meta").get("security") instanceof ArrayNode security)) {
            return;
        }
        boolean flagged = false;
        for (JsonNode c : security) {
            flagged |= isInlineLabelFlag(c);
        }
        if (!flagged || hasInlineLabel(resource)) {
            return;
        }
        for (int i = security.size() - 1; i >= 0; i--) {
            if (isInlineLabelFlag(security.get(i))) {
                security.remove(i);
            }
        }
        ObjectNode meta = (ObjectNode) resource.get("meta");
        if (security.isEmpty()) {
            meta.remove("security");
        }
        if (meta.isEmpty()) {
            resource.remove("meta");
        }
    }

    private static boolean isInlineLabelFlag(JsonNode coding) {
        String code = coding.path("code").asText();
        return code.equals(SecurityLabels.PROCESS_INLINE_LABEL.code()) || code.equals("PROCESSINLINELABEL");
    }

    private static boolean hasInlineLabel(JsonNode node) {
        if (node.isObject()) {
            JsonNode url = node.get("url");
            if (url != null && CodeSystems.EXT_INLINE_SECURITY_LABEL.equals(url.asText())) {
                return true;
            }
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (child.isContainerNode() && hasInlineLabel(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- references to dropped resources

    /**
     * Removes references to dropped resources anywhere in the resource; true if any went. A required
     * top-level reference keeps its place as a masked element, so the resource stays valid.
     */
    private static boolean pruneReferences(ObjectNode resource, Set<String> gone) {
        String type = resource.path("resourceType").asText();
        boolean changed = false;
        List<String> names = new ArrayList<>();
        resource.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode v = resource.get(name);
            FhirShape.Info info = FhirShape.info(type, name);
            boolean required = info != null && info.required();
            if (v instanceof ObjectNode child && refersTo(child, gone)) {
                if (required) {
                    resource.set(name, maskedElement());
                } else {
                    resource.remove(name);
                }
                changed = true;
            } else if (v instanceof ArrayNode a) {
                boolean before = !a.isEmpty();
                for (int k = a.size() - 1; k >= 0; k--) {
                    JsonNode item = a.get(k);
                    if (item instanceof ObjectNode child && refersTo(child, gone)) {
                        a.remove(k);
                        changed = true;
                    } else if (item.isContainerNode() && prune(item, gone)) {
                        changed = true;
                        if (item.isEmpty()) {
                            a.remove(k); // e.g. a CarePlan activity that only pointed at a withheld referral
                        }
                    }
                }
                if (before && a.isEmpty()) {
                    if (required) {
                        a.add(maskedElement());
                    } else {
                        resource.remove(name);
                    }
                }
            } else if (v != null && v.isContainerNode() && !noReferencesIn(name)) {
                changed |= prune(v, gone);
            }
        }
        return changed;
    }

    /** Elements that never hold a Reference: not worth walking (they are most of a resource's nodes). */
    private static boolean noReferencesIn(String name) {
        return switch (name) {
            case "meta", "text", "code", "category", "coding", "identifier", "name", "telecom", "address",
                    "communication", "security", "tag", "clinicalStatus", "verificationStatus", "achievementStatus",
                    "description", "relationship", "role", "type", "period", "emptyReason", "valueCodeableConcept",
                    "valueCoding", "valueQuantity" ->
                true;
            default -> false;
        };
    }

    private static boolean prune(JsonNode node, Set<String> gone) {
        boolean changed = false;
        if (node instanceof ObjectNode o) {
            List<String> drop = null;
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode v = f.getValue();
                if (!v.isContainerNode() || noReferencesIn(f.getKey())) {
                    continue;
                }
                if (v instanceof ObjectNode child && refersTo(child, gone)) {
                    if (drop == null) {
                        drop = new ArrayList<>();
                    }
                    drop.add(f.getKey());
                } else if (v instanceof ArrayNode a) {
                    boolean author = f.getKey().equals("author");
                    for (int i = a.size() - 1; i >= 0; i--) {
                        JsonNode item = a.get(i);
                        if (item instanceof ObjectNode child && refersTo(child, gone)) {
                            if (author) {
                                a.set(i, maskedElement()); // words sent still say they had an author
                            } else {
                                a.remove(i);
                            }
                            changed = true;
                        } else if (item.isContainerNode() && prune(item, gone)) {
                            changed = true;
                            if (item.isEmpty()) {
                                a.remove(i);
                            }
                        }
                    }
                    if (a.isEmpty()) {
                        if (drop == null) {
                            drop = new ArrayList<>();
                        }
                        drop.add(f.getKey());
                    }
                } else if (prune(v, gone)) {
                    changed = true;
                    if (v.isEmpty()) {
                        if (drop == null) {
                            drop = new ArrayList<>();
                        }
                        drop.add(f.getKey());
                    }
                }
            }
            if (drop != null) {
                for (String k : drop) {
                    o.remove(k);
                }
                changed = true;
            }
        }
        return changed;
    }

    private static boolean refersTo(ObjectNode maybeReference, Set<String> gone) {
        JsonNode ref = maybeReference.get("reference");
        if (ref == null || !ref.isTextual()) {
            return false;
        }
        String r = ref.textValue();
        if (gone.contains(r)) {
            return true;
        }
        int slash = r.lastIndexOf('/');
        if (slash > 0) {
            int prev = r.lastIndexOf('/', slash - 1);
            return prev >= 0 && gone.contains(r.substring(prev + 1));
        }
        return false;
    }

    /**
     * For callers that redact resource by resource: removes, from the resources that are sent,
     * references to the resources that were dropped ("Type/id"), so that no dangling reference shows
     * they exist (a required reference keeps its place as a masked element). Returns how many
     * resources changed; those lose their narrative as any redacted resource does.
     */
    public static int removeReferences(List<ObjectNode> sent, Set<String> dropped) {
        int changed = 0;
        if (dropped.isEmpty()) {
            return 0;
        }
        for (ObjectNode resource : sent) {
            if (pruneOne(resource, dropped)) {
                changed++;
            }
        }
        return changed;
    }

    private static boolean pruneOne(ObjectNode resource, Set<String> gone) {
        if (!pruneReferences(resource, gone)) {
            return false;
        }
        fixSectionsAfterPruning(resource);
        afterRedaction(resource);
        return true;
    }

    /** After references went: story sections must still say something. */
    private static void fixSectionsAfterPruning(ObjectNode resource) {
        if (resource.path("resourceType").asText().equals("Composition")
                && resource.get("section") instanceof ArrayNode sections) {
            fixEmptySections(sections);
            if (sections.isEmpty()) {
                resource.remove("section");
            }
        }
    }

    private static void fixEmptySections(ArrayNode sections) {
        for (int i = sections.size() - 1; i >= 0; i--) {
            JsonNode s = sections.get(i);
            if (s.get("section") instanceof ArrayNode subs) {
                fixEmptySections(subs);
                if (subs.isEmpty()) {
                    ((ObjectNode) s).remove("section");
                }
            }
            if (!s.has("text") && !s.has("entry") && !s.has("section") && !s.has("emptyReason")) {
                sections.remove(i);
            }
        }
    }
}
