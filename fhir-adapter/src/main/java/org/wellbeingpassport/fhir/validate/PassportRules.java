package org.wellbeingpassport.fhir.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.codes.SecurityLabels;
import org.wellbeingpassport.fhir.codes.SubSection;
import org.wellbeingpassport.fhir.codes.WellbeingMeasure;
import org.wellbeingpassport.fhir.example.NhsNumber;

/**
 * Our own rules, on top of base R4: story section codes, authorship of every section, wellbeing score
 * ranges, NHS number check digits and known sensitivity labels. Each issue names its rule id.
 */
final class PassportRules {
    private PassportRules() {
    }

    static List<Issue> check(IBaseResource resource) {
        List<Issue> out = new ArrayList<>();
        check((Resource) resource, resource.fhirType(), out);
        return out;
    }

    private static void check(Resource r, String where, List<Issue> out) {
        labels(r, where, out);
        if (r instanceof Bundle b) {
            for (int i = 0; i < b.getEntry().size(); i++) {
                Resource inner = b.getEntry().get(i).getResource();
                if (inner != null) {
                    check(inner, "Bundle.entry[" + i + "].resource", out);
                }
            }
        } else if (r instanceof Composition c) {
            // in redacted output authorship may itself be withheld; the rule is for what is written
            boolean redacted = c.getMeta().getSecurity().stream()
                    .anyMatch(x -> SecurityLabels.REDACTED.is(x.getSystem(), x.getCode()));
            for (int i = 0; i < c.getSection().size(); i++) {
                section(c.getSection().get(i), where + ".section[" + i + "]", null, redacted, out);
            }
        } else if (r instanceof Observation o) {
            observation(o, where, out);
        } else if (r instanceof Patient p) {
            for (int i = 0; i < p.getIdentifier().size(); i++) {
                Identifier id = p.getIdentifier().get(i);
                if (CodeSystems.NHS_NUMBER.equals(id.getSystem()) && id.hasValue()
                        && !NhsNumber.isValid(id.getValue())) {
                    out.add(error(where + ".identifier[" + i + "].value",
                            "NHS number " + id.getValue() + " fails the modulus-11 check", "passport-nhs-number"));
                }
            }
        }
    }

    private static void labels(Resource r, String where, List<Issue> out) {
        List<Coding> security = r.getMeta().getSecurity();
        for (int i = 0; i < security.size(); i++) {
            Coding c = security.get(i);
            if (CodeSystems.SENSITIVITY.equals(c.getSystem())
                    && SecurityLabels.category(c.getSystem(), c.getCode()).isEmpty()) {
                out.add(error(where + ".meta.security[" + i + "]", "unknown sensitivity category '" + c.getCode() + "'",
                        "passport-sensitivity"));
            }
        }
    }

    private static void section(Composition.SectionComponent s, String where, StorySection parent, boolean redacted,
            List<Issue> out) {
        Optional<String> code = s.getCode().getCoding().stream()
                .filter(c -> CodeSystems.STORY_SECTION.equals(c.getSystem())).map(Coding::getCode).findFirst();
        if (code.isEmpty()) {
            out.add(error(where + ".code", "a story section needs a code from " + CodeSystems.STORY_SECTION,
                    "passport-section-code"));
        } else if (parent == null && StorySection.fromCode(code.get()).isEmpty()) {
            out.add(error(where + ".code",
                    "'" + code.get() + "' is not a story section"
                            + (SubSection.fromCode(code.get()).isPresent() ? " (it is a sub-section)" : ""),
                    "passport-section-code"));
        } else if (parent != null) {
            Optional<SubSection> sub = SubSection.fromCode(code.get());
            if (sub.isEmpty() || sub.get().parent() != parent) {
                out.add(error(where + ".code", "'" + code.get() + "' is not a sub-section of " + parent.code(),
                        "passport-section-code"));
            }
        }
        if (s.hasEmptyReason()) {
            return; // a withheld section (redacted output) carries no authorship
        }
        if (!redacted && !s.hasAuthor()) {
            out.add(error(where + ".author", "every section says who wrote it", "passport-authorship"));
        }
        if (!redacted && !has(s, CodeSystems.EXT_ASSERTED_ON)) {
            out.add(error(where + ".extension", "every section says when it was written (extension asserted-on)",
                    "passport-authorship"));
        }
        if (!redacted && !has(s, CodeSystems.EXT_RESIDENT_ASSERTION)) {
            out.add(error(where + ".extension",
                    "every section says whether the resident wrote or confirmed it (extension resident-assertion)",
                    "passport-authorship"));
        }
        StorySection me = code.flatMap(StorySection::fromCode).orElse(null);
        for (int i = 0; i < s.getSection().size(); i++) {
            if (me == null) {
                break;
            }
            section(s.getSection().get(i), where + ".section[" + i + "]", me, redacted, out);
        }
        for (int i = 0; i < s.getExtension().size(); i++) {
            inlineLabel(s.getExtension().get(i), where + ".extension[" + i + "]", out);
        }
    }

    private static boolean has(Element e, String url) {
        return e.getExtension().stream().anyMatch(x -> url.equals(x.getUrl()));
    }

    private static void inlineLabel(Extension x, String where, List<Issue> out) {
        if (!CodeSystems.EXT_INLINE_SECURITY_LABEL.equals(x.getUrl())) {
            return;
        }
        if (!(x.getValue() instanceof Coding c) || (SecurityLabels.category(c.getSystem(), c.getCode()).isEmpty()
                && !(CodeSystems.V3_CONFIDENTIALITY.equals(c.getSystem())))) {
            out.add(error(where, "an inline security label must name a known sensitivity category",
                    "passport-sensitivity"));
        }
    }

    private static void observation(Observation o, String where, List<Issue> out) {
        Optional<WellbeingMeasure> measure = o.getCode().getCoding().stream()
                .filter(c -> CodeSystems.WELLBEING_MEASURE.equals(c.getSystem()))
                .map(c -> WellbeingMeasure.fromCode(c.getCode())).flatMap(Optional::stream).findFirst();
        if (measure.isEmpty() || !o.hasValue()) {
            return;
        }
        WellbeingMeasure m = measure.get();
        Integer score = null;
        if (o.getValue() instanceof IntegerType i) {
            score = i.getValue();
        } else if (o.getValue() instanceof Quantity q && q.hasValue()
                && q.getValue().stripTrailingZeros().scale() <= 0) {
            score = q.getValue().intValueExact();
        }
        if (score == null) {
            out.add(error(where + ".value[x]", m.code() + " is a whole-number score", "passport-score-range"));
        } else if (!m.inRange(score)) {
            out.add(error(where + ".value[x]", m.code() + " score " + score + " is outside " + m.min() + "-" + m.max(),
                    "passport-score-range"));
        }
    }

    private static Issue error(String location, String message, String rule) {
        return new Issue(Issue.Severity.ERROR, location, message, rule);
    }
}
