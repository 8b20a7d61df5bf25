package org.wellbeingpassport.fhir.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.TestPassports;
import org.wellbeingpassport.fhir.example.ExamplePassports;

/** Issue #17: narrative and free text are checked on the way in; active content is refused with its path. */
class NarrativeRulesTest {
    private static final String OPEN = "<div xmlns=\"http://www.w3.org/1999/xhtml\">";

    private static ObjectNode patient(String div) {
        ObjectNode p = TestPassports.first(TestPassports.named("nasreen-akhtar"), "Patient");
        p.putObject("text").put("status", "generated").put("div", div);
        return p;
    }

    private static void refused(ObjectNode resource, String path) {
        List<Issue> issues = NarrativeRules.check(resource);
        assertEquals(1, issues.size(), issues.toString());
        assertEquals(path, issues.get(0).location());
        ValidationReport report = TestPassports.validate(resource);
        assertFalse(report.valid());
        assertTrue(
                report.errors().stream()
                        .anyMatch(i -> i.location().equals(path) && i.rule().equals("passport-narrative")),
                report.errors().toString());
    }

    @Test
    void everyExamplePassportKeepsTheRules() {
        for (ExamplePassports.NamedResident n : ExamplePassports.named()) {
            assertEquals(List.of(), NarrativeRules.check(Fhir.tree(n.passport())), n.key());
        }
        for (int i = 0; i < 20; i++) {
            assertEquals(List.of(), NarrativeRules.check(Fhir.tree(ExamplePassports.generated(i))), "generated " + i);
        }
    }

    @Test
    void plainNarrativeAndTextPass() {
        ObjectNode p = patient(OPEN + "<p>Nasreen <b>Akhtar</b>, <a href=\"https://example.org/x\">link</a></p>"
                + "<table><tr><td colspan=\"2\" style=\"color: red\">a &lt; b</td></tr></table></div>");
        ((ObjectNode) p.withArray("name").get(0)).put("text", "I <3 my garden; 2 < 3 and 5 > 4");
        assertEquals(List.of(), NarrativeRules.check(p));
    }

    @Test
    void activeContentInANarrativeIsRefusedWithItsPath() {
        refused(patient(OPEN + "<p>hi</p><script>alert(1)</script></div>"), "Patient.text.div");
        refused(patient(OPEN + "<img src=\"https://example.org/x.png\" onerror=\"alert(1)\"/></div>"),
                "Patient.text.div");
        refused(patient(OPEN + "<a href=\"javascript:alert(1)\">click</a></div>"), "Patient.text.div");
        refused(patient(OPEN + "<p>x</p><iframe src=\"https://example.org\"></iframe></div>"), "Patient.text.div");
        refused(patient(OPEN + "<p style=\"background: url(https://example.org/track)\">x</p></div>"),
                "Patient.text.div");
        refused(patient(OPEN + "<p onclick=\"x()\">x</p></div>"), "Patient.text.div");
        refused(patient("<div><p>no namespace</p></div>"), "Patient.text.div");
        refused(patient(OPEN + "</div>"), "Patient.text.div");
    }

    @Test
    void activeContentInAStorySectionOrFreeTextIsRefused() {
        ObjectNode story = TestPassports.first(TestPassports.named("jean-whitfield"), "Composition");
        ((ObjectNode) story.withArray("section").get(1).path("text")).put("div",
                OPEN + "<p>about me</p><script src=\"https://evil.example/x.js\"></script></div>");
        refused(story, "Composition.section[1].text.div");

        ObjectNode p = TestPassports.first(TestPassports.named("nasreen-akhtar"), "Patient");
        ((ObjectNode) p.withArray("name").get(0)).put("text", "Nasreen<img src=x onerror=alert(1)>");
        refused(p, "Patient.name[0].text");
        ObjectNode q = TestPassports.first(TestPassports.named("nasreen-akhtar"), "Patient");
        q.withArray("telecom").addObject().put("system", "url").put("value", "javascript:alert(1)");
        refused(q, "Patient.telecom[" + (q.withArray("telecom").size() - 1) + "].value");
    }
}
