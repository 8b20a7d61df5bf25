package org.wellbeingpassport.fhir.consent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wellbeingpassport.fhir.codes.CodeSystems;

/**
 * The closed shape of a resident's directives as JSON, checked before HAPI parses them (HAPI's parser drops what it
 * does not know, and an element dropped from a narrowing part of a grant widens it). Every field, extension and
 * value type that {@link ConsentMapping#toFhir(org.wellbeingpassport.consent.DirectiveSet)} writes is accepted, and
 * nothing else: an unknown or misplaced field or extension, a value of the wrong JSON type, an extension without a
 * url or with the wrong value, or a status, scope, category or policy other than ours, is a problem naming its path.
 */
final class ConsentShape {
    private ConsentShape() {
    }

    private static final Set<String> CONSENT = Set.of("resourceType", "id", "meta", "status", "scope", "category",
            "patient", "dateTime", "policy", "provision");
    private static final Set<String> META = Set.of("versionId", "lastUpdated");
    private static final Set<String> CODING = Set.of("system", "code", "display");
    private static final Set<String> CONCEPT = Set.of("coding", "text");
    private static final Set<String> REFERENCE = Set.of("reference", "type", "identifier", "display");
    private static final Set<String> IDENTIFIER = Set.of("system", "value");
    private static final Set<String> POLICY = Set.of("uri");
    private static final Set<String> ROOT_PROVISION = Set.of("id", "provision");
    private static final Set<String> PROVISION = Set.of("id", "type", "extension", "actor", "purpose", "period",
            "securityLabel", "code", "class", "provision");
    private static final Set<String> PERIOD = Set.of("start", "end");
    private static final Set<String> ACTOR = Set.of("role", "reference", "extension");
    private static final Set<String> EXTENSION_KEYS = Set.of("url");

    /** The extensions a provision may carry, each with the one value type it must have. */
    private static final Map<String, String> PROVISION_EXTENSIONS = Map.of(CodeSystems.EXT_ELEMENT_PATH, "valueString",
            CodeSystems.EXT + "whole-record", "valueBoolean", CodeSystems.EXT + "provision-granted", "valueDateTime",
            CodeSystems.EXT + "provision-revoked", "valueDateTime");
    private static final Map<String, String> ACTOR_EXTENSIONS = Map.of(CodeSystems.EXT_ACTOR_ROLE, "valueCoding");

    /** Every problem of shape, each starting with its path; empty when the JSON has the closed shape. */
    static List<String> check(JsonNode consent) {
        List<String> out = new ArrayList<>();
        if (!consent.isObject()) {
            out.add("Consent: a JSON object is required");
            return out;
        }
        if (!"Consent".equals(consent.path("resourceType").asText(null))) {
            out.add("Consent.resourceType: must be Consent");
        }
        fields(consent, "Consent", CONSENT, out);
        string(consent, "id", "Consent", out);
        object(consent, "meta", "Consent", out, (m, at) -> {
            fields(m, at, META, out);
            string(m, "versionId", at, out);
            string(m, "lastUpdated", at, out);
        });
        if (consent.has("status") && !"active".equals(consent.get("status").asText(null))) {
            out.add("Consent.status: must be active (to stop sharing, revoke the provision)");
        }
        object(consent, "scope", "Consent", out,
                (s, at) -> concept(s, at, out, CodeSystems.CONSENT_SCOPE, "patient-privacy"));
        array(consent, "category", "Consent", out, (c, at) -> concept(c, at, out, CodeSystems.LOINC, "59284-0"));
        object(consent, "patient", "Consent", out, (r, at) -> reference(r, at, out));
        string(consent, "dateTime", "Consent", out);
        array(consent, "policy", "Consent", out, (p, at) -> {
            fields(p, at, POLICY, out);
            if (!ConsentMapping.POLICY.equals(p.path("uri").asText(null))) {
                out.add(at + ".uri: must be " + ConsentMapping.POLICY);
            }
        });
        object(consent, "provision", "Consent", out, (root, at) -> {
            fields(root, at, ROOT_PROVISION, out);
            string(root, "id", at, out);
            array(root, "provision", at, out, (p, pat) -> provision(p, pat, out));
        });
        return out;
    }

    private static void provision(JsonNode p, String at, List<String> out) {
        fields(p, at, PROVISION, out);
        string(p, "id", at, out);
        string(p, "type", at, out);
        array(p, "extension", at, out, (x, xat) -> extension(x, xat, PROVISION_EXTENSIONS, out));
        array(p, "actor", at, out, (a, aat) -> {
            fields(a, aat, ACTOR, out);
            object(a, "role", aat, out, (r, rat) -> concept(r, rat, out, ConsentMapping.PARTICIPATION, "IRCP"));
            if (!a.has("role")) {
                out.add(aat + ".role: information recipient (IRCP) is required");
            }
            object(a, "reference", aat, out, (r, rat) -> reference(r, rat, out));
            array(a, "extension", aat, out, (x, xat) -> extension(x, xat, ACTOR_EXTENSIONS, out));
        });
        array(p, "purpose", at, out, (c, cat) -> coding(c, cat, out));
        object(p, "period", at, out, (pd, pat) -> {
            fields(pd, pat, PERIOD, out);
            string(pd, "start", pat, out);
            string(pd, "end", pat, out);
        });
        array(p, "securityLabel", at, out, (c, cat) -> coding(c, cat, out));
        array(p, "code", at, out, (c, cat) -> {
            fields(c, cat, CONCEPT, out);
            string(c, "text", cat, out);
            array(c, "coding", cat, out, (k, kat) -> coding(k, kat, out));
            if (c.path("coding").size() != 1) {
                out.add(cat + ".coding: exactly one story section per code");
            }
        });
        array(p, "class", at, out, (c, cat) -> coding(c, cat, out));
        array(p, "provision", at, out, (n, nat) -> provision(n, nat, out));
    }

    private static void extension(JsonNode x, String at, Map<String, String> allowed, List<String> out) {
        JsonNode url = x.get("url");
        if (url == null || !url.isTextual() || url.asText().isEmpty()) {
            out.add(at + ".url: an extension needs a url");
            return;
        }
        String valueKey = allowed.get(url.asText());
        if (valueKey == null) {
            out.add(at + ": unknown or misplaced extension " + url.asText());
            return;
        }
        Iterator<String> names = x.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!EXTENSION_KEYS.contains(name) && !name.equals(valueKey)) {
                out.add(at + "." + name + ": not allowed in extension " + url.asText() + " (expects " + valueKey + ")");
            }
        }
        JsonNode v = x.get(valueKey);
        boolean ok = switch (valueKey) {
            case "valueBoolean" -> v != null && v.isBoolean();
            case "valueCoding" -> v != null && v.isObject();
            default -> v != null && v.isTextual() && !v.asText().isEmpty();
        };
        if (!ok) {
            out.add(at + "." + valueKey + ": extension " + url.asText() + " needs a " + valueKey.substring(5)
                    + " value");
        } else if (valueKey.equals("valueCoding")) {
            coding(v, at + "." + valueKey, out);
            if (!CodeSystems.PROFESSIONAL_ROLE.equals(v.path("system").asText(null))) {
                out.add(at + ".valueCoding.system: must be " + CodeSystems.PROFESSIONAL_ROLE);
            }
        }
    }

    private static void coding(JsonNode c, String at, List<String> out) {
        if (!c.isObject()) {
            out.add(at + ": a Coding (object) is required");
            return;
        }
        fields(c, at, CODING, out);
        for (String f : CODING) {
            string(c, f, at, out);
        }
        if (!c.has("code")) {
            out.add(at + ".code: a code is required");
        }
    }

    /** A CodeableConcept that must hold exactly our one coding. */
    private static void concept(JsonNode c, String at, List<String> out, String system, String code) {
        fields(c, at, CONCEPT, out);
        string(c, "text", at, out);
        array(c, "coding", at, out, (k, kat) -> coding(k, kat, out));
        JsonNode codings = c.path("coding");
        if (codings.size() != 1 || !system.equals(codings.path(0).path("system").asText(null))
                || !code.equals(codings.path(0).path("code").asText(null))) {
            out.add(at + ".coding: must be " + system + "|" + code);
        }
    }

    private static void reference(JsonNode r, String at, List<String> out) {
        fields(r, at, REFERENCE, out);
        string(r, "reference", at, out);
        string(r, "type", at, out);
        string(r, "display", at, out);
        object(r, "identifier", at, out, (i, iat) -> {
            fields(i, iat, IDENTIFIER, out);
            string(i, "system", iat, out);
            string(i, "value", iat, out);
        });
        if (r.has("reference") && r.has("identifier")) {
            out.add(at + ".identifier: give a reference or an identifier, not both");
        }
    }

    // ---------------------------------------------------------------- walking

    private interface Visit {
        void at(JsonNode node, String path);
    }

    private static void fields(JsonNode o, String at, Set<String> allowed, List<String> out) {
        if (!o.isObject()) {
            return;
        }
        Iterator<String> names = o.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                out.add(at + "." + name + ": unknown or misplaced field");
            }
        }
    }

    private static void string(JsonNode o, String name, String at, List<String> out) {
        JsonNode v = o.get(name);
        if (v != null && !v.isTextual()) {
            out.add(at + "." + name + ": a string is required");
        }
    }

    private static void object(JsonNode o, String name, String at, List<String> out, Visit visit) {
        JsonNode v = o.get(name);
        if (v == null) {
            return;
        }
        if (!v.isObject()) {
            out.add(at + "." + name + ": an object is required");
            return;
        }
        visit.at(v, at + "." + name);
    }

    private static void array(JsonNode o, String name, String at, List<String> out, Visit visit) {
        JsonNode v = o.get(name);
        if (v == null) {
            return;
        }
        if (!v.isArray()) {
            out.add(at + "." + name + ": an array is required");
            return;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            String where = at + "." + name + "[" + i + "]";
            if (!item.isObject()) {
                out.add(where + ": an object is required");
            } else {
                visit.at(item, where);
            }
        }
    }
}
