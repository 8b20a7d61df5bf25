package org.wellbeingpassport.api.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.codes.CodeSystems;

/**
 * A passport Bundle, as a person reads it: the story's sections in order, each with its entries in plain words, who
 * wrote each and when, and any open dispute. Only what the Bundle holds is shown: a page built from a read shows
 * exactly what that read disclosed, never more.
 */
public record StoryView(String name, List<Part> parts) {
    /** One section of the story; {@code code} is its StorySection code (its title comes from the messages). */
    public record Part(String code, List<Entry> entries) {
    }

    /**
     * One entry: a heading (may be empty), its words, who asserted it and when, the resident's assertion code
     * (written, confirmed, proposed, disputed), the number of open disputes, and its reference (Type/id, and
     * section code for a story section).
     */
    public record Entry(String heading, List<String> paragraphs, String author, String when, String assertion,
            int openDisputes, String type, String id, String section, String status) {
    }

    /** With dates as ISO dates (tests, comparisons). */
    public static StoryView of(ObjectNode bundle) {
        return of(bundle, "");
    }

    /** With dates written out in the page's language ("en" or "cy"). */
    public static StoryView of(ObjectNode bundle, String lang) {
        StoryView v = parse(bundle, lang);
        if (lang.isEmpty()) {
            return v;
        }
        return new StoryView(v.name(), v.parts().stream()
                .map(p -> new Part(p.code(), p.entries().stream()
                        .map(e -> new Entry(e.heading(), e.paragraphs(), e.author(), Dates.date(e.when(), lang),
                                e.assertion(), e.openDisputes(), e.type(), e.id(), e.section(), e.status()))
                        .toList()))
                .toList());
    }

    private static StoryView parse(ObjectNode bundle, String lang) {
        Map<String, List<Entry>> by = new LinkedHashMap<>();
        for (StorySection s : StorySection.values()) {
            by.put(s.code(), new ArrayList<>());
        }
        String name = "";
        for (JsonNode e : bundle.path("entry")) {
            JsonNode r = e.path("resource");
            String type = r.path("resourceType").asText();
            String id = r.path("id").asText();
            switch (type) {
                case "Patient" -> {
                    name = humanName(r.path("name").path(0));
                    List<String> p = new ArrayList<>();
                    if (!name.isEmpty()) {
                        p.add(name);
                    }
                    text(r, "birthDate").ifPresent(p::add);
                    for (JsonNode i : r.path("identifier")) {
                        if (i.path("system").asText().endsWith("nhs-number")) {
                            p.add(i.path("value").asText());
                        }
                    }
                    if (!p.isEmpty()) {
                        by.get("identity").add(entry("", p, r, type, id, ""));
                    }
                }
                case "Composition" -> {
                    for (JsonNode s : r.path("section")) {
                        String code = sectionCode(s);
                        List<Entry> list = by.get(code);
                        if (list == null) {
                            continue;
                        }
                        List<String> words = narrative(s);
                        if (!words.isEmpty() || s.path("section").isEmpty()) {
                            list.add(entry("", words, s, type, id, code));
                        }
                        for (JsonNode sub : s.path("section")) {
                            list.add(entry(sub.path("title").asText(""), narrative(sub), sub, type, id,
                                    sectionCode(sub)));
                        }
                    }
                }
                case "Goal" -> by.get("goals")
                        .add(entry(r.path("description").path("text").asText(""),
                                joinNonEmpty(codeText(r.path("achievementStatus")), Optional.empty(), notes(r)), r,
                                type, id, "", text(r, "lifecycleStatus").map(x -> "status.goal." + x).orElse("")));
                case "CarePlan" -> by.get("care-plan").add(entry(r.path("title").asText(""),
                        joinNonEmpty(text(r, "description"), Optional.empty(), notes(r)), r, type, id, ""));
                case "CareTeam" -> {
                    List<String> p = new ArrayList<>();
                    for (JsonNode m : r.path("participant")) {
                        String who = m.path("member").path("display").asText("");
                        String role = roleWords(m.path("role"), lang).or(() -> codeText(m.path("role").path(0)))
                                .orElse("");
                        if (!who.isEmpty()) {
                            p.add(role.isEmpty() ? who : who + " (" + role + ")");
                        }
                    }
                    by.get("support-network").add(entry(r.path("name").asText(""), p, r, type, id, ""));
                }
                case "RelatedPerson" -> by.get("support-network")
                        .add(entry(humanName(r.path("name").path(0)),
                                joinNonEmpty(codeText(r.path("relationship").path(0)), Optional.empty(), List.of()), r,
                                type, id, ""));
                case "ServiceRequest" -> by.get("services-involved")
                        .add(entry(codeText(r.path("code")).orElse(""),
                                joinNonEmpty(text(r, "status"),
                                        Optional.ofNullable(r.path("performer").path(0).path("display").asText(null)),
                                        notes(r)),
                                r, type, id, ""));
                case "Condition" -> by.get("health-and-wellbeing")
                        .add(entry(codeText(r.path("code")).orElse(""), notes(r), r, type, id, ""));
                case "Observation" -> {
                    String code = r.path("code").path("coding").path(0).path("code").asText("");
                    if (r.has("valueString") && by.containsKey(code)) {
                        by.get(code).add(entry("", List.of(r.path("valueString").asText()), r, type, id, ""));
                    } else {
                        String value = r.has("valueInteger")
                                ? r.path("valueInteger").asText()
                                : r.path("valueQuantity").path("value").asText(r.path("valueString").asText(""));
                        by.get("measures")
                                .add(entry(codeText(r.path("code")).orElse(code),
                                        joinNonEmpty(Optional.of(value).filter(v -> !v.isEmpty()),
                                                text(r, "effectiveDateTime"), notes(r)),
                                        r, type, id, ""));
                    }
                }
                default -> {
                    // directory, provenance and record-keeping resources are not part of the story as read
                }
            }
        }
        List<Part> parts = new ArrayList<>();
        by.forEach((code, entries) -> {
            if (!entries.isEmpty()) {
                parts.add(new Part(code, List.copyOf(entries)));
            }
        });
        return new StoryView(name, List.copyOf(parts));
    }

    /** The codes of the sections that have something in them. */
    public List<String> sectionCodes() {
        return parts.stream().map(Part::code).toList();
    }

    private static Entry entry(String heading, List<String> paragraphs, JsonNode el, String type, String id,
            String section) {
        return entry(heading, paragraphs, el, type, id, section, "");
    }

    private static Entry entry(String heading, List<String> paragraphs, JsonNode el, String type, String id,
            String section, String status) {
        return new Entry(heading, List.copyOf(paragraphs), author(el), assertedOn(el), assertion(el), disputes(el),
                type, id, section, status);
    }

    /**
     * A coded professional role in the page's language: the code's words from the messages (the coding's display is
     * the vocabulary's English label, not the person's words).
     */
    private static Optional<String> roleWords(JsonNode concepts, String lang) {
        if (lang.isEmpty()) {
            return Optional.empty();
        }
        List<JsonNode> codings = new ArrayList<>();
        concepts.forEach(concept -> concept.path("coding").forEach(codings::add));
        for (JsonNode c : codings) {
            if (c.path("system").asText().endsWith("/CodeSystem/professional-role")) {
                try {
                    ResourceBundle words = ResourceBundle.getBundle("i18n.messages", Locale.forLanguageTag(lang),
                            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
                    return Optional.of(words.getString("role." + c.path("code").asText()));
                } catch (MissingResourceException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    static String sectionCode(JsonNode section) {
        return section.path("code").path("coding").path(0).path("code").asText("");
    }

    private static String author(JsonNode el) {
        for (String f : List.of("author", "expressedBy", "requester", "performer", "recorder", "asserter")) {
            JsonNode a = el.path(f);
            if (a.isArray()) {
                a = a.path(0);
            }
            String d = a.path("display").asText("");
            if (!d.isEmpty()) {
                return d;
            }
        }
        return "";
    }

    private static String assertedOn(JsonNode el) {
        for (JsonNode x : el.path("extension")) {
            if (CodeSystems.EXT_ASSERTED_ON.equals(x.path("url").asText())) {
                String v = x.path("valueDateTime").asText("");
                return v.length() > 10 ? v.substring(0, 10) : v;
            }
        }
        String d = el.path("meta").path("lastUpdated").asText("");
        return d.length() > 10 ? d.substring(0, 10) : d;
    }

    private static String assertion(JsonNode el) {
        for (JsonNode x : el.path("extension")) {
            if (CodeSystems.EXT_RESIDENT_ASSERTION.equals(x.path("url").asText())) {
                return x.path("valueCoding").path("code").asText("");
            }
        }
        return "";
    }

    private static int disputes(JsonNode el) {
        int n = 0;
        for (JsonNode x : el.path("extension")) {
            if (CodeSystems.EXT_OPEN_DISPUTE.equals(x.path("url").asText())) {
                n++;
            }
        }
        return n;
    }

    /** A section's narrative as plain paragraphs: the XHTML is reduced to text (templates escape it again). */
    static List<String> narrative(JsonNode section) {
        String div = section.path("text").path("div").asText("");
        List<String> out = new ArrayList<>();
        for (String p : div.split("(?i)</p>|<br\\s*/?>|</li>")) {
            String t = unescape(p.replaceAll("<[^>]*>", " ")).replaceAll("\\s+", " ").strip();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&apos;", "'").replace("&amp;", "&");
    }

    private static Optional<String> text(JsonNode r, String field) {
        String v = r.path(field).asText("");
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private static Optional<String> codeText(JsonNode concept) {
        String t = concept.path("text").asText("");
        if (t.isEmpty()) {
            t = concept.path("coding").path(0).path("display").asText("");
        }
        return t.isEmpty() ? Optional.empty() : Optional.of(t);
    }

    private static List<String> notes(JsonNode r) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : r.path("note")) {
            String t = n.path("text").asText("");
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static List<String> joinNonEmpty(Optional<String> a, Optional<String> b, List<String> rest) {
        List<String> out = new ArrayList<>();
        a.ifPresent(out::add);
        b.ifPresent(out::add);
        out.addAll(rest);
        return out;
    }

    static String humanName(JsonNode n) {
        String text = n.path("text").asText("");
        if (!text.isEmpty()) {
            return text;
        }
        List<String> parts = new ArrayList<>();
        n.path("given").forEach(g -> parts.add(g.asText()));
        if (!n.path("family").asText("").isEmpty()) {
            parts.add(n.path("family").asText());
        }
        return String.join(" ", parts);
    }
}
