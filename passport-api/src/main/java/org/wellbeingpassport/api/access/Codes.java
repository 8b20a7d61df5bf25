package org.wellbeingpassport.api.access;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.wellbeingpassport.api.http.codes.PurposeCode;
import org.wellbeingpassport.api.http.codes.SectionCode;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/** The door's codes turned into the consent engine's vocabulary (a repeated code counts once). */
final class Codes {
    private Codes() {
    }

    static Set<StorySection> sections(List<SectionCode> codes) {
        Set<StorySection> out = EnumSet.noneOf(StorySection.class);
        codes.forEach(c -> out.add(c.vocabulary()));
        return out;
    }

    static Set<Purpose> purposes(List<PurposeCode> codes) {
        Set<Purpose> out = EnumSet.noneOf(Purpose.class);
        codes.forEach(c -> out.add(c.vocabulary()));
        return out;
    }
}
