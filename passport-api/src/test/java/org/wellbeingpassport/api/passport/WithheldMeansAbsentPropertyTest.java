package org.wellbeingpassport.api.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.store.PassportSnapshot;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.consent.AccessRequest;
import org.wellbeingpassport.consent.Actor;
import org.wellbeingpassport.consent.CompiledPolicy;
import org.wellbeingpassport.consent.ConsentEngine;
import org.wellbeingpassport.consent.DataItem;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.DisclosureMask;
import org.wellbeingpassport.consent.Organisation;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.codes.SecurityLabels;
import org.wellbeingpassport.fhir.example.ExamplePassports;
import org.wellbeingpassport.fhir.path.ResourceItems;

/**
 * Withheld means absent, as a differential property (issue #11): generated passports and grants; for any two residents
 * who differ only in withheld content (withheld resources added, removed or reworded, withheld story sections with
 * their own titles and sensitivity labels added, removed or reworded, references to withheld resources from disclosed
 * sections, withheld details of the Patient changed or removed), a caller receives byte-identical Bundles once resident
 * ids and dates are normalised. Through the real read path: sealing under each resident's key, PreparedPassports,
 * PassportReader.evaluate with consent-engine, and the Bundle bytes the HTTP read sends.
 *
 * <p>Seeded: a failure names its case's seed; {@code -Dwithheld.seed=...} runs another sequence.
 */
@MicronautTest
class WithheldMeansAbsentPropertyTest {
    private static final int CASES = 1_000;
    private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");
    private static final Instant GRANTED = Instant.parse("2026-10-01T09:00:00Z");
    private static final Set<String> PRIVATE = Set.of("Consent", "AuditEvent", "Task");
    private static final List<String> ORGS = List.of("org-a", "org-b");
    private static final List<String> TYPES = List.of("Patient", "Condition", "Goal", "CarePlan", "Observation",
            "Composition", "ServiceRequest", "RelatedPerson", "CareTeam");
    private static final List<String> PATHS = List.of("Patient.name", "Patient.telecom", "Patient.birthDate",
            "Patient.address", "Patient.telecom[phone]", "Composition.section[goals]",
            "Composition.section[health-and-wellbeing].text", "Composition.section[about-me]", "Observation[wemwbs]",
            "Composition.title", "Goal.description", "Condition.code", "Patient.identifier");
    private static final List<String> WORDS = List.of("Living with schizophrenia", "My asthma", "Debt and arrears",
            "What happened in 2019", "HIV clinic", "Court next month", "Sleeping rough", "Rehab", "Leave to remain",
            "Sanctioned in May", "x", "A much longer title written by the resident about a private matter");
    private static final Pattern DATES = Pattern.compile("\"(lastUpdated|timestamp)\":\"[^\"]*\"");
    private static final Pattern VERSIONS = Pattern.compile("\"versionId\":\"[^\"]*\"");

    @Inject
    PreparedPassports prepared;
    @Inject
    PassportReader reader;
    @Inject
    SealedElements sealed;
    @Inject
    ConsentCodec codec;
    @Inject
    ConsentEngine engine;

    private static final java.util.Map<String, ObjectNode> SEALED_BEFORE = new java.util.HashMap<>();
    /** The oracle's answer for a resource as it is now (cleared whenever a variant starts or what is gone changes). */
    private static final java.util.Map<ObjectNode, String> KNOWN = new java.util.IdentityHashMap<>();

    @Test
    void twoResidentsWhoDifferOnlyInWithheldContentReceiveTheSameBytes() {
        List<List<ObjectNode>> bases = new ArrayList<>();
        for (ExamplePassports.NamedResident n : ExamplePassports.named()) {
            bases.add(resources(Fhir.tree(n.passport())));
        }
        for (int k = 0; k < 10; k++) {
            bases.add(resources(Fhir.tree(ExamplePassports.generated(k))));
        }
        Random master = new Random(Long.getLong("withheld.seed", 20261202L));
        int cases = 0;
        int sent = 0;
        int partly = 0;
        int inputsDiffered = 0;
        for (int attempt = 0; cases < CASES && attempt < CASES * 5; attempt++) {
            long seed = master.nextLong();
            Random r = new Random(seed);
            List<ObjectNode> base = bases.get(r.nextInt(bases.size()));
            Actor.Professional caller = caller(r);
            Purpose purpose = Purpose.values()[r.nextInt(Purpose.values().length)];
            List<Provision> grants = grants(r, caller, purpose);
            if (!DirectiveSet.restore("check", 1, grants).isValid()) {
                continue;
            }
            AccessRequest request = AccessRequest.of(caller, purpose, AT);
            // two residents, each with a key of their own (the same two for every case: keys are made once)
            String ridA = "rid-q7x1a";
            String ridB = "rid-q7x1b";
            List<ObjectNode> a = variant(base, new Random(r.nextLong()), policy(ridA, grants, request), ridA);
            List<ObjectNode> b = variant(base, new Random(r.nextLong()), policy(ridB, grants, request), ridB);
            Evaluation evA = evaluate(ridA, a, grants, request);
            String readA = bytes(evA);
            String readB = bytes(evaluate(ridB, b, grants, request));
            String sentA = normalise(readA, ridA);
            String sentB = normalise(readB, ridB);
            int caseNo = cases;
            assertTrue(sentA.equals(sentB), () -> "case " + caseNo + " (seed " + seed + "): what was withheld shows "
                    + difference(sentA, sentB));
            cases++;
            if (!evA.isEmpty()) {
                sent++;
                partly += evA.withheld().isEmpty() ? 0 : 1;
            }
            inputsDiffered += Fhir.write(Fhir.json().valueToTree(a)).equals(Fhir.write(Fhir.json().valueToTree(b)))
                    ? 0
                    : 1;
        }
        assertTrue(cases >= CASES, "cases: " + cases);
        // the property is only as good as its cases: most must send something, withhold something, and differ
        assertTrue(sent >= CASES / 3, "cases where something was sent: " + sent);
        assertTrue(partly >= CASES / 4, "cases where something was sent and something withheld: " + partly);
        assertTrue(inputsDiffered >= CASES * 3 / 4, "cases whose two residents differed: " + inputsDiffered);
    }

    // ---------------------------------------------------------------- reading, as the HTTP read does

    private static String bytes(Evaluation ev) {
        return ev.isEmpty() ? "" : new String(ev.bundle(AT.toString()), StandardCharsets.UTF_8);
    }

    private Evaluation evaluate(String rid, List<ObjectNode> resources, List<Provision> grants, AccessRequest request) {
        List<PassportSnapshot.Resource> stored = new ArrayList<>();
        for (ObjectNode resource : resources) {
            // a resource unchanged from an earlier case is stored as it was sealed then (sealing is the slow part)
            ObjectNode t = SEALED_BEFORE.computeIfAbsent(rid + " " + Fhir.write(resource), k -> {
                ObjectNode fresh = resource.deepCopy();
                PassportImporter.stamp(fresh, 1, AT);
                return sealed.seal(rid, fresh);
            }).deepCopy();
            stored.add(new PassportSnapshot.Resource(t.path("resourceType").asText(), t.path("id").asText(), 1, AT, t,
                    Fhir.write(t).contains("wp1."))); // as the store decides it
        }
        ObjectNode consent = codec.toConsent(DirectiveSet.restore(rid, 1, grants).orElseThrow(), AT);
        stored.add(
                new PassportSnapshot.Resource(DirectiveStore.TYPE, DirectiveStore.idFor(rid), 1, AT, consent, false));
        PreparedPassport passport = prepared
                .prepare(new PassportSnapshot(rid, new PassportStore.Version(AT.toEpochMilli(), 1), stored));
        return reader.evaluate(request, passport, false);
    }

    /** Where two answers part, with some context. */
    private static String difference(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 400);
        return "at " + i + ":\n  one: ..." + a.substring(from, Math.min(a.length(), i + 300)) + "\n  two: ..."
                + b.substring(from, Math.min(b.length(), i + 300));
    }

    private static String normalise(String bundle, String rid) {
        String s = bundle.replace(rid, "RESIDENT");
        s = DATES.matcher(s).replaceAll("\"$1\":\"DATE\"");
        return VERSIONS.matcher(s).replaceAll("\"versionId\":\"V\"");
    }

    private CompiledPolicy policy(String rid, List<Provision> grants, AccessRequest request) {
        return engine.compile(DirectiveSet.restore(rid, 1, grants).orElseThrow(), request);
    }

    // ---------------------------------------------------------------- callers and grants

    private static Actor.Professional caller(Random r) {
        ProfessionalRole role = pick(r, ProfessionalRole.values());
        String org = ORGS.get(r.nextInt(ORGS.size()));
        return new Actor.Professional("prac-" + r.nextInt(3), "Pat Reader", role,
                new Organisation(org, "Organisation " + org, pick(r, OrganisationType.values())));
    }

    private static List<Provision> grants(Random r, Actor.Professional caller, Purpose purpose) {
        List<Provision> out = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            Purpose other = pick(r, Purpose.values());
            Provision.Builder p = Provision.permit("grant-" + i).to(recipient(r, caller)).grantedAt(GRANTED)
                    .covering(scope(r)).forPurposes(r.nextInt(5) == 0 ? other : purpose, other);
            out.add(p.build());
        }
        if (r.nextInt(3) == 0) {
            out.add(Provision.deny("not-this").to(recipient(r, caller)).grantedAt(GRANTED).covering(scope(r)).build());
        }
        return out;
    }

    private static Recipient recipient(Random r, Actor.Professional c) {
        Organisation o = c.organisation();
        return switch (r.nextInt(6)) {
            case 0 -> Recipient.named(c.id(), c.name());
            case 1 -> Recipient.role(c.role());
            case 2 -> Recipient.organisation(o.id(), o.name());
            case 3 -> Recipient.roleAt(c.role(), o.id(), o.name());
            case 4 -> Recipient.organisationType(o.type());
            default -> Recipient.roleAt(pick(r, ProfessionalRole.values()), o.id(), o.name());
        };
    }

    private static Scope scope(Random r) {
        Scope s = switch (r.nextInt(5)) {
            case 0 -> Scope.everything();
            case 1, 2 -> {
                Set<StorySection> sections = new HashSet<>();
                for (int k = 1 + r.nextInt(6); k > 0; k--) {
                    sections.add(pick(r, StorySection.values()));
                }
                yield new Scope(sections, Set.of(), Set.of(), Set.of(), false);
            }
            case 3 -> {
                Set<String> types = new HashSet<>();
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    types.add(TYPES.get(r.nextInt(TYPES.size())));
                }
                yield new Scope(Set.of(), types, Set.of(), Set.of(), false);
            }
            default -> {
                Set<String> paths = new HashSet<>();
                for (int k = 1 + r.nextInt(5); k > 0; k--) {
                    paths.add(PATHS.get(r.nextInt(PATHS.size())));
                }
                yield new Scope(Set.of(), Set.of(), paths, Set.of(), false);
            }
        };
        for (int k = r.nextInt(3); k > 0; k--) {
            s = s.including(pick(r, SensitivityCategory.values()));
        }
        return s;
    }

    // ---------------------------------------------------------------- the two residents

    /**
     * A copy of the passport changed only where the policy withholds everything that changes: each change is kept only
     * if every path the policy discloses, in every resource that stays, is as before.
     */
    private static List<ObjectNode> variant(List<ObjectNode> base, Random r, CompiledPolicy policy, String rid) {
        KNOWN.clear();
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode res : base) {
            out.add(res.deepCopy());
        }
        List<String> written = new ArrayList<>();
        for (ObjectNode res : out) {
            written.add(Fhir.write(res));
        }
        ObjectNode story = out.stream().filter(x -> x.path("resourceType").asText().equals("Composition")).findFirst()
                .orElse(null);
        // what is withheld whole: references to it (from a story section) are not disclosed content
        Set<String> gone = new HashSet<>();
        for (ObjectNode res : out) {
            if (withheldWhole(policy, rid, res)) {
                gone.add(res.path("resourceType").asText() + "/" + res.path("id").asText());
            }
        }
        // withheld resources go (with the story's references to them), or are reworded
        for (int i = out.size() - 1; i >= 0; i--) {
            ObjectNode res = out.get(i);
            if (res == story || !withheldWhole(policy, rid, res)) {
                continue;
            }
            String ref = res.path("resourceType").asText() + "/" + res.path("id").asText();
            if (r.nextInt(3) == 0 && !res.path("resourceType").asText().equals("Patient")) {
                // only if nothing else refers to it: a passport's references all resolve
                boolean elsewhere = false;
                for (int j = 0; j < written.size(); j++) {
                    if (j != i && out.get(j) != story && written.get(j).contains("\"" + ref + "\"")) {
                        elsewhere = true;
                    }
                }
                if (!elsewhere && (story == null || tryChange(policy, rid, gone, story, s -> {
                    stripEntries(s, Set.of(ref));
                    return !Fhir.write(s).contains("\"" + ref + "\"");
                }))) {
                    out.remove(i);
                    written.remove(i);
                }
            } else if (r.nextBoolean()) {
                ObjectNode copy = res.deepCopy();
                reword(copy, r);
                if (withheldWhole(policy, rid, copy)) {
                    out.set(i, copy);
                }
            }
        }
        // withheld Conditions come, some referred to from the story
        for (int k = r.nextInt(4); k > 0; k--) {
            ObjectNode condition = condition(r);
            if (!withheldWhole(policy, rid, condition)) {
                continue;
            }
            out.add(condition);
            gone.add("Condition/" + condition.path("id").asText());
            KNOWN.clear();
            if (story != null && r.nextBoolean()) {
                tryChange(policy, rid, gone, story, s -> {
                    ArrayNode sections = s.withArray("section");
                    if (sections.isEmpty()) {
                        return false;
                    }
                    ObjectNode section = (ObjectNode) sections.get(r.nextInt(sections.size()));
                    if (section.has("emptyReason")) {
                        return false;
                    }
                    section.withArray("entry").addObject()
                            .put("reference", "Condition/" + condition.path("id").asText())
                            .put("display", condition.path("code").path("text").asText());
                    return true;
                });
            }
        }
        if (story != null) {
            storyChanges(story, r, policy, rid, gone);
        }
        out.stream().filter(x -> x.path("resourceType").asText().equals("Patient")).findFirst()
                .ifPresent(patient -> patientChanges(patient, r, policy, rid, gone));
        return out;
    }

    private static void storyChanges(ObjectNode story, Random r, CompiledPolicy policy, String rid, Set<String> gone) {
        // a withheld section with the resident's own title and labels comes
        for (int k = r.nextInt(3); k > 0; k--) {
            StorySection code = pick(r, StorySection.values());
            List<SensitivityCategory> labels = new ArrayList<>();
            for (int j = r.nextInt(3); j > 0; j--) {
                labels.add(pick(r, SensitivityCategory.values()));
            }
            String title = WORDS.get(r.nextInt(WORDS.size()));
            String patient = story.path("subject").path("reference").asText();
            tryChange(policy, rid, gone, story, s -> {
                ObjectNode section = Fhir.json().createObjectNode();
                for (SensitivityCategory c : labels) {
                    Coding coding = SecurityLabels.of(c).coding();
                    section.withArray("extension").addObject().put("url", CodeSystems.EXT_INLINE_SECURITY_LABEL)
                            .putObject("valueCoding").put("system", coding.getSystem()).put("code", coding.getCode());
                }
                section.withArray("extension").addObject().put("url", CodeSystems.EXT_ASSERTED_ON).put("valueDateTime",
                        "2026-0" + (1 + r.nextInt(9)) + "-10T09:00:00Z");
                section.put("title", title);
                section.putObject("code").withArray("coding").addObject().put("system", CodeSystems.STORY_SECTION)
                        .put("code", code.code());
                section.withArray("author").addObject().put("reference", patient);
                section.putObject("text").put("status", "additional").put("div",
                        "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>" + title + " " + r.nextInt() + "</p></div>");
                ArrayNode sections = s.withArray("section");
                sections.insert(r.nextInt(sections.size() + 1), section);
                if (!labels.isEmpty()) {
                    Coding flag = SecurityLabels.PROCESS_INLINE_LABEL.coding();
                    ObjectNode meta = s.get("meta") instanceof ObjectNode m ? m : s.putObject("meta");
                    ArrayNode security = meta.withArray("security");
                    boolean has = false;
                    for (JsonNode c : security) {
                        has |= c.path("code").asText().equals(flag.getCode());
                    }
                    if (!has) {
                        security.addObject().put("system", flag.getSystem()).put("code", flag.getCode());
                    }
                }
                return true;
            });
        }
        // withheld sections go or are reworded
        int n = story.path("section").size();
        Set<String> open = disclosed(policy, rid, story);
        for (int i = n - 1; i >= 0; i--) {
            int at = i;
            String code = story.path("section").path(i).path("code").path("coding").path(0).path("code").asText();
            if (open.stream().anyMatch(p -> p.startsWith("Composition.section[" + code))) {
                continue; // something of it is disclosed: not the section to change
            }
            boolean drop = r.nextInt(3) == 0;
            tryChange(policy, rid, gone, story, s -> {
                ArrayNode sections = s.withArray("section");
                if (drop) {
                    sections.remove(at);
                } else {
                    reword(sections.get(at), r);
                }
                return true;
            });
        }
    }

    private static void patientChanges(ObjectNode patient, Random r, CompiledPolicy policy, String rid,
            Set<String> gone) {
        for (String field : List.of("birthDate", "telecom", "address", "communication", "gender")) {
            if (r.nextBoolean()) {
                continue;
            }
            tryChange(policy, rid, gone, patient, p -> {
                switch (r.nextInt(3)) {
                    case 0 -> p.remove(field);
                    case 1 -> {
                        switch (field) {
                            case "birthDate" -> p.put("birthDate",
                                    "19" + (40 + r.nextInt(50)) + "-0" + (1 + r.nextInt(9)) + "-1" + r.nextInt(10));
                            case "telecom" -> p.withArray("telecom").addObject().put("system", "phone")
                                    .put("value", "07700 900" + (100 + r.nextInt(800))).put("use", "mobile");
                            case "gender" ->
                                p.put("gender", pick(r, new String[]{"male", "female", "other", "unknown"}));
                            default -> reword(p.path(field), r);
                        }
                    }
                    default -> reword(p.path(field), r);
                }
                // and only where nothing of it is disclosed
                return disclosed(policy, rid, p).stream().noneMatch(path -> Scope.covers("Patient." + field, path));
            });
        }
    }

    /** Applies a change to a resource only if what the policy discloses of it stays exactly the same. */
    private static boolean tryChange(CompiledPolicy policy, String rid, Set<String> gone, ObjectNode resource,
            java.util.function.Predicate<ObjectNode> change) {
        ObjectNode copy = resource.deepCopy();
        if (!change.test(copy)) {
            return false;
        }
        String after = disclosedContent(policy, rid, gone, copy);
        String before = KNOWN.computeIfAbsent(resource, k -> disclosedContent(policy, rid, gone, k));
        if (!after.equals(before)) {
            return false;
        }
        resource.removeAll();
        resource.setAll(copy);
        KNOWN.put(resource, after);
        return true;
    }

    /** Removes story-section entries that refer to any of these ({@code Type/id}). */
    private static void stripEntries(ObjectNode story, Set<String> refs) {
        for (JsonNode section : story.path("section")) {
            if (section.get("entry") instanceof ArrayNode entries) {
                for (int i = entries.size() - 1; i >= 0; i--) {
                    if (refs.contains(entries.get(i).path("reference").asText())) {
                        entries.remove(i);
                    }
                }
                if (entries.isEmpty()) {
                    ((ObjectNode) section).remove("entry");
                }
            }
            if (section instanceof ObjectNode o && section.has("section")) {
                stripEntries(o, refs);
            }
        }
    }

    /**
     * What the policy discloses of a resource, independently of the redactor: every disclosed path, and the whole
     * resource with every element whose path is withheld or that sits in a withheld section removed by hand. Two
     * resources with equal answers differ only in withheld content.
     */
    private static String disclosedContent(CompiledPolicy policy, String rid, Set<String> gone, ObjectNode resource) {
        ObjectNode copy = resource.deepCopy();
        copy.remove("text");
        // references to what is withheld whole are not disclosed content
        stripEntries(copy, gone);
        Set<String> open = disclosed(policy, rid, copy);
        if (copy.get("section") instanceof ArrayNode sections) {
            for (int i = sections.size() - 1; i >= 0; i--) {
                String code = sections.get(i).path("code").path("coding").path(0).path("code").asText();
                String prefix = "Composition.section[" + code;
                if (open.stream().noneMatch(p -> p.startsWith(prefix))) {
                    sections.remove(i); // nothing of it disclosed (its whole content is withheld)
                }
            }
        }
        if (copy.path("resourceType").asText().equals("Patient")) {
            for (String field : List.of("birthDate", "telecom", "address", "communication", "gender")) {
                if (open.stream().noneMatch(p -> Scope.covers("Patient." + field, p))) {
                    copy.remove(field);
                }
            }
        }
        if (copy.path("meta").get("security") instanceof ArrayNode security) {
            for (int i = security.size() - 1; i >= 0; i--) {
                if (security.get(i).path("code").asText().equals(SecurityLabels.PROCESS_INLINE_LABEL.code())) {
                    security.remove(i);
                }
            }
        }
        return new java.util.TreeSet<>(open) + Fhir.write(copy);
    }

    private static Set<String> disclosed(CompiledPolicy policy, String rid, ObjectNode resource) {
        Set<String> open = new HashSet<>();
        for (DataItem item : ResourceItems.of(rid, resource).items()) {
            DisclosureMask m = policy.disclose(item);
            for (int e = 0; e < m.size(); e++) {
                if (m.disclosed(e)) {
                    open.add(item.elements().get(e).path());
                }
            }
        }
        return open;
    }

    private static boolean withheldWhole(CompiledPolicy policy, String rid, ObjectNode resource) {
        if (PRIVATE.contains(resource.path("resourceType").asText())) {
            return true;
        }
        return disclosed(policy, rid, resource).isEmpty();
    }

    private static ObjectNode condition(Random r) {
        ObjectNode c = Fhir.json().createObjectNode();
        c.put("resourceType", "Condition");
        c.put("id", "extra-" + Integer.toUnsignedString(r.nextInt(), 36));
        ArrayNode security = c.putObject("meta").putArray("security");
        for (int k = 1 + r.nextInt(2); k > 0; k--) {
            Coding label = SecurityLabels.of(pick(r, SensitivityCategory.values())).coding();
            security.addObject().put("system", label.getSystem()).put("code", label.getCode());
        }
        c.putObject("clinicalStatus").withArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/condition-clinical").put("code", "active");
        c.putObject("code").put("text", WORDS.get(r.nextInt(WORDS.size())));
        c.putObject("subject").put("reference", "Patient/whoever");
        if (r.nextBoolean()) {
            c.withArray("note").addObject().put("text", "Noted " + r.nextInt());
        }
        return c;
    }

    /** Changes the words of every string under a node (not codes, systems, urls, references or ids). */
    private static void reword(JsonNode node, Random r) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode v = o.get(name);
                if (v.isTextual() && Set.of("text", "display", "title", "div", "valueString", "line", "city", "family",
                        "given", "value", "description").contains(name)) {
                    o.put(name,
                            name.equals("div")
                                    ? "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>"
                                            + WORDS.get(r.nextInt(WORDS.size())) + "</p></div>"
                                    : WORDS.get(r.nextInt(WORDS.size())));
                } else if (v.isContainerNode()) {
                    reword(v, r);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (JsonNode v : a) {
                reword(v, r);
            }
        }
    }

    private static List<ObjectNode> resources(ObjectNode bundle) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode e : bundle.path("entry")) {
            ObjectNode res = (ObjectNode) e.get("resource");
            if (!PRIVATE.contains(res.path("resourceType").asText())) {
                out.add(res);
            }
        }
        return out;
    }

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }
}
