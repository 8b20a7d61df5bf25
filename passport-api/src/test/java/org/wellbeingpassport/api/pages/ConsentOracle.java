package org.wellbeingpassport.api.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.ProvisionType;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/**
 * The test's own reading of a resident's consent, written from the rules as the domain brief and docs/fhir-model.md
 * state them, not from consent-engine, fhir-adapter or the pages: which parts of a passport a reader certainly may
 * not see. It is deliberately an upper bound on what may be shown (it ignores nested provisions' narrowing and
 * element paths inside a part, and under break-glass lets a whole Condition through where only its code may go), so
 * that whatever it calls withheld is withheld under any correct reading, and a value of such a part on a page is a
 * leak.
 *
 * <p>
 * Rules used: default deny; a permit applies when it is not revoked, in its period, names the purpose (or none) and
 * a recipient that describes the reader; it covers a part when it is the whole record, or names the part's section
 * or resource type, or names a path inside the part; and only if it names every sensitive category the part carries.
 * A top-level deny that applies and covers the part (by section, type, whole record or a category it carries) wins.
 * Data received under a statutory gateway (NORDSCLCD) never goes. Break-glass for safeguarding or emergency
 * treatment adds identity, communication, support network, Flag, AllergyIntolerance and Condition, with no sensitive
 * category but safeguarding.
 */
final class ConsentOracle {
    static final String INLINE_LABEL = "http://hl7.org/fhir/uv/security-label-ds4p/StructureDefinition/extension-inline-sec-label";
    private static final Map<String, String> HL7_CATEGORY = Map.of("PSY", "mental-health", "ETH", "substance-use",
            "SEX", "sexual-health", "SDV", "safeguarding", "HIV", "hiv", "GDIS", "genetic");
    /** Resource types never disclosed to a reader of the story (directives, disputes, audit, provenance records). */
    static final Set<String> NEVER_SHOWN = Set.of("Consent", "Task", "AuditEvent", "Provenance");

    /** Who reads: a professional (id, role, organisation id and type) or a carer (their account). */
    record Reader(String kind, String id, String role, String orgId, String orgType) {
        static Reader professional(String id, String role, String orgId, String orgType) {
            return new Reader("professional", id, role, orgId, orgType);
        }

        static Reader carer(String account) {
            return new Reader("carer", account, "", "", "");
        }
    }

    /**
     * A part of a passport that consent decides on as a whole: a resource (without its inline-labelled elements), a
     * top-level story section (likewise), or one inline-labelled element. {@code section} may be empty (a resource
     * type with no section of its own).
     */
    record Part(String label, String resourceType, String section, Set<String> categories, boolean onwardBan,
            JsonNode content) {
    }

    private ConsentOracle() {
    }

    /** The parts of a passport's resources, as consent sees them. */
    static List<Part> parts(List<ObjectNode> resources) {
        List<Part> out = new ArrayList<>();
        for (ObjectNode r : resources) {
            String type = r.path("resourceType").asText();
            if (NEVER_SHOWN.contains(type)) {
                continue;
            }
            Set<String> cats = new HashSet<>();
            boolean ban = false;
            for (JsonNode s : r.path("meta").path("security")) {
                String code = s.path("code").asText();
                if (code.equals("NORDSCLCD")) {
                    ban = true;
                }
                if (HL7_CATEGORY.containsKey(code)) {
                    cats.add(HL7_CATEGORY.get(code));
                } else if (s.path("system").asText().endsWith("/CodeSystem/sensitivity")) {
                    cats.add(code);
                }
            }
            String id = type + "/" + r.path("id").asText();
            if (type.equals("Composition")) {
                for (JsonNode s : r.path("section")) {
                    String code = s.path("code").path("coding").path(0).path("code").asText();
                    split(out, id + " section " + code, type, code, cats, ban, s);
                }
            } else {
                split(out, id, type, sectionOf(r), cats, ban, r);
            }
        }
        return out;
    }

    /** A part, and each inline-labelled element inside it as a part of its own (with the label's category too). */
    private static void split(List<Part> out, String label, String type, String section, Set<String> cats, boolean ban,
            JsonNode node) {
        JsonNode copy = node.deepCopy();
        List<JsonNode> labelled = new ArrayList<>();
        removeLabelled(copy, labelled);
        out.add(new Part(label, type, section, Set.copyOf(cats), ban, copy));
        for (JsonNode l : labelled) {
            Set<String> more = new HashSet<>(cats);
            more.addAll(inlineCategories(l));
            split(out, label + " (labelled element)", type, section, more, ban, stripOwnLabel(l));
        }
    }

    private static void removeLabelled(JsonNode node, List<JsonNode> found) {
        if (node.isObject()) {
            var it = node.fields();
            List<String> drop = new ArrayList<>();
            while (it.hasNext()) {
                var e = it.next();
                if (e.getValue().isObject() && !inlineCategories(e.getValue()).isEmpty()) {
                    found.add(e.getValue());
                    drop.add(e.getKey());
                } else {
                    removeLabelled(e.getValue(), found);
                }
            }
            drop.forEach(((ObjectNode) node)::remove);
        } else if (node.isArray()) {
            for (int i = node.size() - 1; i >= 0; i--) {
                JsonNode c = node.get(i);
                if (c.isObject() && !inlineCategories(c).isEmpty()) {
                    found.add(c);
                    ((com.fasterxml.jackson.databind.node.ArrayNode) node).remove(i);
                } else {
                    removeLabelled(c, found);
                }
            }
        }
    }

    private static JsonNode stripOwnLabel(JsonNode labelled) {
        ObjectNode copy = labelled.deepCopy();
        var ext = copy.path("extension");
        if (ext.isArray()) {
            for (int i = ext.size() - 1; i >= 0; i--) {
                if (INLINE_LABEL.equals(ext.get(i).path("url").asText())) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) ext).remove(i);
                }
            }
        }
        return copy;
    }

    private static Set<String> inlineCategories(JsonNode element) {
        Set<String> out = new HashSet<>();
        for (JsonNode x : element.path("extension")) {
            if (INLINE_LABEL.equals(x.path("url").asText())) {
                String code = x.path("valueCoding").path("code").asText();
                out.add(HL7_CATEGORY.getOrDefault(code, code));
            }
        }
        return out;
    }

    /** The story section of a resource that is not the Composition (docs/fhir-model.md, "Element paths"). */
    static String sectionOf(JsonNode r) {
        return switch (r.path("resourceType").asText()) {
            case "Patient" -> "identity";
            case "Goal" -> "goals";
            case "Condition" -> "health-and-wellbeing";
            case "CarePlan" -> "care-plan";
            case "CareTeam", "RelatedPerson" -> "support-network";
            case "ServiceRequest" -> "services-involved";
            case "Observation" -> {
                String code = r.path("code").path("coding").path(0).path("code").asText();
                yield StorySection.fromCode(code).isPresent() ? code : "measures";
            }
            default -> "";
        };
    }

    /** Whether the part may possibly be shown to the reader (false: certainly withheld). */
    static boolean mayShow(Part part, Reader reader, Purpose purpose, Instant at, DirectiveSet directives,
            boolean breakGlass) {
        if (part.onwardBan()) {
            return false;
        }
        for (Provision p : directives.provisions()) {
            if (p.type() == ProvisionType.DENY && applies(p, reader, purpose, at) && denies(p.what(), part)) {
                return false;
            }
        }
        for (Provision p : directives.provisions()) {
            if (p.type() == ProvisionType.PERMIT && applies(p, reader, purpose, at) && covers(p.what(), part)
                    && names(p.what(), part.categories())) {
                return true;
            }
        }
        if (breakGlass && (purpose == Purpose.SAFEGUARDING || purpose == Purpose.EMERGENCY_TREATMENT)) {
            boolean inSet = Set.of("identity", "communication", "support-network").contains(part.section())
                    || Set.of("Flag", "AllergyIntolerance", "Condition").contains(part.resourceType());
            return inSet && Set.of("safeguarding").containsAll(part.categories());
        }
        return false;
    }

    private static boolean applies(Provision p, Reader reader, Purpose purpose, Instant at) {
        if (p.revoked().filter(r -> !r.isAfter(at)).isPresent()) {
            return false;
        }
        if (p.period().isPresent() && (at.isBefore(p.period().get().start())
                || p.period().get().end().filter(e -> !at.isBefore(e)).isPresent())) {
            return false;
        }
        if (!p.purposes().isEmpty() && !p.purposes().contains(purpose)) {
            return false;
        }
        for (Recipient r : p.who()) {
            if (describes(r, reader)) {
                return true;
            }
        }
        return false;
    }

    private static boolean describes(Recipient r, Reader reader) {
        boolean pro = reader.kind().equals("professional");
        if (r instanceof Recipient.Named n) {
            return pro && n.professionalId().equals(reader.id());
        }
        if (r instanceof Recipient.WithRole w) {
            return pro && w.roleCode().equals(reader.role());
        }
        if (r instanceof Recipient.AtOrganisation o) {
            return pro && o.organisationId().equals(reader.orgId());
        }
        if (r instanceof Recipient.WithRoleAt w) {
            return pro && w.roleCode().equals(reader.role()) && w.organisationId().equals(reader.orgId());
        }
        if (r instanceof Recipient.OfOrganisationType t) {
            return pro && t.typeCode().equals(reader.orgType());
        }
        if (r instanceof Recipient.Delegate d) {
            return reader.kind().equals("carer") && d.proxyId().equals(reader.id());
        }
        return false; // partner systems do not read pages
    }

    private static boolean covers(Scope s, Part part) {
        if (s.wholeRecord() || s.resourceTypes().contains(part.resourceType())) {
            return true;
        }
        if (s.sections().stream().anyMatch(x -> x.code().equals(part.section()))) {
            return true;
        }
        String root = part.resourceType().equals("Composition")
                ? "Composition.section[" + part.section() + "]"
                : part.resourceType();
        for (String path : s.paths()) {
            if (path.startsWith(root)
                    || (part.resourceType().equals("Observation") && path.startsWith("Observation"))) {
                return true;
            }
        }
        // a permit naming only categories covers exactly the data in them
        return s.sections().isEmpty() && s.resourceTypes().isEmpty() && s.paths().isEmpty() && !s.categories().isEmpty()
                && s.categories().stream().anyMatch(c -> part.categories().contains(c.code()));
    }

    private static boolean names(Scope s, Set<String> categories) {
        Set<String> named = new HashSet<>();
        for (SensitivityCategory c : s.categories()) {
            named.add(c.code());
        }
        return named.containsAll(categories);
    }

    private static boolean denies(Scope s, Part part) {
        if (s.wholeRecord() || s.resourceTypes().contains(part.resourceType())
                || s.sections().stream().anyMatch(x -> x.code().equals(part.section()))) {
            return true;
        }
        return s.categories().stream().anyMatch(c -> part.categories().contains(c.code()));
    }

    // ---------------------------------------------------------------- values

    /**
     * The words and identifiers a person could recognise in a part: every string leaf except codes, systems, urls,
     * references, ids and meta; narrative as its paragraphs. Short or code-like strings are left out (they would
     * match page furniture, not data).
     */
    static Set<String> values(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        collect(node, "", out);
        return out;
    }

    private static final Set<String> SKIP = Set.of("system", "url", "reference", "id", "resourceType", "fullUrl",
            "meta", "profile", "status", "code", "use", "versionId", "lastUpdated", "lifecycleStatus", "intent",
            "gender", "language", "valueCode", "mode");

    private static void collect(JsonNode n, String field, Set<String> out) {
        if (SKIP.contains(field)) {
            return;
        }
        if (n.isObject()) {
            if (n.path("system").asText().contains("terminology.hl7.org/CodeSystem")) {
                return; // a code from HL7's own vocabularies (a status, a relationship kind): not the person's data
            }
            n.fields().forEachRemaining(e -> collect(e.getValue(), e.getKey(), out));
        } else if (n.isArray()) {
            n.forEach(c -> collect(c, field, out));
        } else if (n.isTextual()) {
            if (field.equals("div")) {
                for (String p : n.asText().split("(?i)</p>|<br\\s*/?>|</li>")) {
                    add(unescape(p.replaceAll("<[^>]*>", " ")), out);
                }
            } else {
                add(n.asText(), out);
            }
        }
    }

    private static void add(String raw, Set<String> out) {
        String v = raw.replaceAll("\\s+", " ").strip();
        if (v.length() < 5 || v.contains("://") || v.matches("[a-z0-9-]+|[A-Z0-9_-]+")) {
            return;
        }
        if (v.matches("\\d{4}-\\d{2}-\\d{2}T.*")) {
            return; // instants: pages show dates in words, not these
        }
        out.add(v);
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#x27;", "'").replace("&apos;", "'").replace("&amp;", "&");
    }

    /** Values of certainly withheld parts that no possibly shown part contains (so their presence is a leak). */
    static Set<String> withheldValues(List<Part> parts, java.util.function.Predicate<Part> may) {
        Set<String> shown = new HashSet<>();
        Set<String> hidden = new LinkedHashSet<>();
        for (Part p : parts) {
            (may.test(p) ? shown : hidden).addAll(values(p.content()));
        }
        Set<String> out = new LinkedHashSet<>();
        for (String h : hidden) {
            if (shown.stream().noneMatch(s -> s.contains(h))) {
                out.add(h);
            }
        }
        return out;
    }

    /** Sections with no possibly shown part at all: nothing on the page may name or anchor them. */
    static Set<String> hiddenSections(List<Part> parts, java.util.function.Predicate<Part> may) {
        Set<String> all = new LinkedHashSet<>();
        Set<String> shown = new HashSet<>();
        for (Part p : parts) {
            if (!p.section().isEmpty()) {
                all.add(p.section());
                if (may.test(p)) {
                    shown.add(p.section());
                }
            }
        }
        all.removeAll(shown);
        return all;
    }

    static Optional<String> firstFound(String html, Set<String> values) {
        String text = unescape(html);
        for (String v : values) {
            if (html.contains(v) || text.contains(v)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
