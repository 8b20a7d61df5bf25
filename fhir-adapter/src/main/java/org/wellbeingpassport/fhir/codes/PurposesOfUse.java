package org.wellbeingpassport.fhir.codes;

import java.util.Map;
import java.util.Optional;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/** Purposes of use as HL7 v3 ActReason codes where one exists, our code system otherwise. */
public final class PurposesOfUse {
    private PurposesOfUse() {
    }

    private static final Map<Purpose, String> HL7 = Map.of(Purpose.DIRECT_CARE, "TREAT", Purpose.CARE_COORDINATION,
            "COC", Purpose.SUPPORT_PLANNING, "CAREMGT", Purpose.EMERGENCY_TREATMENT, "ETREAT",
            Purpose.RECORD_CORRECTION, "RECORDMGT", Purpose.AUDIT, "HOPERAT", Purpose.RESEARCH, "HRESCH");

    public static Code of(Purpose purpose) {
        String hl7 = HL7.get(purpose);
        if (hl7 != null) {
            return new Code(CodeSystems.V3_ACT_REASON, hl7, purpose.label());
        }
        return new Code(CodeSystems.PURPOSE_OF_USE, purpose.code(), purpose.label());
    }

    public static Optional<Purpose> purpose(String system, String code) {
        if (CodeSystems.PURPOSE_OF_USE.equals(system)) {
            return Purpose.fromCode(code);
        }
        if (CodeSystems.V3_ACT_REASON.equals(system)) {
            for (Map.Entry<Purpose, String> e : HL7.entrySet()) {
                if (e.getValue().equals(code)) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }
}
