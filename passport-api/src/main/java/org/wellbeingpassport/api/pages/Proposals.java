package org.wellbeingpassport.api.pages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.codes.CodeSystems;

/**
 * What a professional proposes from a page, as the FHIR resource the contribution route takes: a Goal, a referral
 * (ServiceRequest) or a note (Observation coded with the story section it belongs to). The route validates it, marks
 * it as theirs and proposed, and tells the resident.
 */
final class Proposals {
    private Proposals() {
    }

    static ObjectNode resource(String kind, String text, String section, String residentId) {
        ObjectNode r = Flows.JSON.createObjectNode();
        switch (kind) {
            case "goal" -> {
                r.put("resourceType", "Goal");
                r.put("lifecycleStatus", "proposed");
                r.putObject("description").put("text", text);
            }
            case "referral" -> {
                r.put("resourceType", "ServiceRequest");
                r.put("status", "active");
                r.put("intent", "order");
                r.putObject("code").put("text", text);
            }
            default -> {
                String code = StorySection.fromCode(section).map(StorySection::code).orElse("what-helped");
                r.put("resourceType", "Observation");
                r.put("status", "final");
                r.putObject("code").putArray("coding").addObject().put("system", CodeSystems.STORY_SECTION).put("code",
                        code);
                r.put("valueString", text);
            }
        }
        r.putObject("subject").put("reference", "Patient/" + residentId);
        return r;
    }
}
