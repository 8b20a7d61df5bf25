package org.wellbeingpassport.fhir.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * FHIR's narrative rules and "no active content", checked on the way in (issue #17). Every narrative ({@code div} of a
 * resource's or a section's {@code text}) must be XHTML within FHIR's subset (R4 Narrative, constraints txt-1 and
 * txt-2: the basic formatting elements and attributes only, some content) and carry nothing active: no
 * {@code <script>}, {@code <iframe>}, {@code <object>}, {@code <form>}, no {@code on*} handler, no {@code javascript:}
 * or other non-web link, no script in a style. Every other string (names, notes, a story's words) is free text: it
 * may contain harmless markup (it is not HTML, but someone may render it as such) and nothing active.
 *
 * <p>jsoup's Safelist does the HTML work (a maintained sanitiser: what cleaning would remove is what is refused);
 * HAPI's validator checks the rest of the resource. Errors name the JSON path.
 */
public final class NarrativeRules {
    private NarrativeRules() {
    }

    /** R4 Narrative: the elements and attributes FHIR allows (https://hl7.org/fhir/R4/narrative.html). */
    private static final Safelist NARRATIVE = new Safelist()
            .addTags("a", "abbr", "acronym", "b", "big", "blockquote", "br", "caption", "cite", "code", "col",
                    "colgroup", "dd", "dfn", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
                    "img", "li", "ol", "p", "pre", "q", "samp", "small", "span", "strong", "sub", "sup", "table",
                    "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "ul", "var")
            .addAttributes(":all", "id", "class", "style", "lang", "xml:lang", "dir", "title")
            .addAttributes("div", "xmlns").addAttributes("a", "href", "name").addAttributes("img", "src", "alt")
            .addAttributes("td", "colspan", "rowspan", "align", "valign")
            .addAttributes("th", "colspan", "rowspan", "align", "valign", "scope").addAttributes("col", "span", "width")
            .addAttributes("colgroup", "span", "width")
            .addAttributes("table", "border", "cellpadding", "cellspacing", "summary", "width")
            .addAttributes("ol", "start", "type").addAttributes("q", "cite").addAttributes("blockquote", "cite")
            .addProtocols("a", "href", "http", "https", "mailto", "#").addProtocols("img", "src", "http", "https", "#")
            .addProtocols("q", "cite", "http", "https").addProtocols("blockquote", "cite", "http", "https");

    /** Free text: harmless markup passes, anything active does not. */
    private static final Safelist FREE_TEXT = Safelist.relaxed();
    private static final Pattern ACTIVE_LINK = Pattern
            .compile("(?i)^\\s*((java|vb)script\\s*:|data\\s*:\\s*text/html)");

    private static final Pattern ACTIVE_STYLE = Pattern
            .compile("(?i)(expression\\s*\\(|javascript:|url\\s*\\(|@import)");
    private static final String XHTML = "http://www.w3.org/1999/xhtml";

    /** Every problem in a resource (or a Bundle of them) as JSON; empty when it keeps the rules. */
    public static List<Issue> check(JsonNode resource) {
        List<Issue> out = new ArrayList<>();
        walk(resource, resource.path("resourceType").asText("Resource"), false, out);
        return out;
    }

    private static void walk(JsonNode node, String path, boolean inNarrative, List<Issue> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            boolean narrative = node.has("div") && node.has("status");
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String at = path + "." + f.getKey();
                JsonNode v = f.getValue();
                if (narrative && f.getKey().equals("div")) {
                    if (v.isTextual()) {
                        narrative(v.textValue(), at, out);
                    }
                } else {
                    walk(v, at, false, out);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", inNarrative, out);
            }
        } else if (node.isTextual()) {
            freeText(node.textValue(), path, out);
        }
    }

    private static void narrative(String div, String at, List<Issue> out) {
        Document doc = Jsoup.parse(div, "", Parser.xmlParser());
        List<Element> roots = doc.children();
        if (roots.size() != 1 || !roots.get(0).tagName().equals("div") || !XHTML.equals(roots.get(0).attr("xmlns"))) {
            out.add(error(at, "a narrative is one <div xmlns=\"" + XHTML + "\"> element"));
            return;
        }
        if (roots.get(0).text().isBlank() && roots.get(0).select("img").isEmpty()) {
            out.add(error(at, "a narrative must have some content (txt-2)"));
        }
        // parsed as HTML for the check: what a browser would make of it is what matters
        if (!Jsoup.isValid(div, NARRATIVE)) {
            out.add(error(at, "only FHIR's narrative elements and attributes, and no active content (script, "
                    + "iframe, event handlers, javascript: or other non-web links), are allowed (txt-1)"));
            return;
        }
        for (Element e : Jsoup.parseBodyFragment(div).getAllElements()) {
            if (e.hasAttr("style") && ACTIVE_STYLE.matcher(e.attr("style")).find()) {
                out.add(error(at, "a style may not load or run anything (url(), expression(), @import)"));
                return;
            }
        }
    }

    private static void freeText(String text, String at, List<Issue> out) {
        boolean link = ACTIVE_LINK.matcher(text).find();
        if (text.indexOf('<') < 0 && !link) {
            return; // the common case: no markup at all
        }
        // a document check, not Jsoup.isValid: a stray '<' in plain words ("I <3 it") is not active content
        if (link || !new Cleaner(FREE_TEXT).isValid(Jsoup.parseBodyFragment(text))) {
            out.add(error(at, "this text contains active content (script, iframe, event handlers or javascript: "
                    + "links); write it as plain text"));
        }
    }

    private static Issue error(String at, String message) {
        return new Issue(Issue.Severity.ERROR, at, message, "passport-narrative");
    }
}
