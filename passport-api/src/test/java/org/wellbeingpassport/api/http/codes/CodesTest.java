package org.wellbeingpassport.api.http.codes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.consent.vocabulary.Coded;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/** The door's codes are exactly the consent engine's: same constants, same wire codes, nothing more or less. */
class CodesTest {
    @Test
    void everyDoorCodeIsTheVocabularysCode() throws Exception {
        same(PurposeCode.class, Purpose.values());
        same(SectionCode.class, StorySection.values());
        same(RoleCode.class, ProfessionalRole.values());
        same(OrganisationTypeCode.class, OrganisationType.values());
        same(SensitiveCategoryCode.class, SensitivityCategory.values());
    }

    static <E extends Enum<E>> void same(Class<E> door, Coded[] vocabulary) throws Exception {
        List<String> expected = Arrays.stream(vocabulary).map(c -> ((Enum<?>) c).name() + "=" + c.code()).toList();
        List<String> actual = new java.util.ArrayList<>();
        for (E e : door.getEnumConstants()) {
            actual.add(e.name() + "=" + door.getField(e.name()).getAnnotation(JsonProperty.class).value());
        }
        assertEquals(expected, actual, door.getSimpleName());
    }

    @Test
    void nhsNumbersNeedTheirCheckDigit() {
        var v = new NhsNumberValidator();
        assertEquals(true, v.isValid("943 476 5919", null, null));
        assertEquals(true, v.isValid("943-476-5919", null, null));
        assertEquals(false, v.isValid("9434765918", null, null));
        assertEquals(false, v.isValid("943476591", null, null));
        assertEquals(false, v.isValid("94347659199", null, null));
        assertEquals(false, v.isValid("abcdefghij", null, null));
    }
}
