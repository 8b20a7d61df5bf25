package org.wellbeingpassport.fhir.codes;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;

/**
 * Sensitivity categories as FHIR security labels: an HL7 v3 ActCode where HL7 has one, our
 * {@link CodeSystems#SENSITIVITY} code otherwise. Reading accepts both forms for every category.
 */
public final class SecurityLabels {
    private SecurityLabels() {
    }

    private static final Map<SensitivityCategory, String> HL7 = Map.of(SensitivityCategory.MENTAL_HEALTH, "PSY",
            SensitivityCategory.SUBSTANCE_USE, "ETH", SensitivityCategory.SEXUAL_HEALTH, "SEX",
            SensitivityCategory.SAFEGUARDING, "SDV", SensitivityCategory.HIV, "HIV", SensitivityCategory.GENETIC,
            "GDIS");

    /** The redaction mark on a resource some of whose content was withheld. */
    public static final Code REDACTED = new Code(CodeSystems.V3_OBSERVATION_VALUE, "REDACTED", "redacted");
    /**
     * The DS4P flag saying a resource carries inline (element) labels. HL7's code is ActCode
     * PROCESSINLINELABEL, which the R4 ActCode release lacks (R4 validation rejects it), so we use
     * our own code with the same meaning.
     */
    public static final Code PROCESS_INLINE_LABEL = new Code(CodeSystems.SECURITY_HANDLING, "process-inline-label",
            "process inline security labels");
    /** No onward disclosure (data received under a statutory gateway). */
    public static final Code NO_REDISCLOSURE = new Code(CodeSystems.V3_ACT_CODE, "NORDSCLCD",
            "no redisclosure without consent directive");
    /** Restricted confidentiality, on every resource with a sensitive label. */
    public static final Code RESTRICTED = new Code(CodeSystems.V3_CONFIDENTIALITY, "R", "restricted");

    /** The label for a category. */
    public static Code of(SensitivityCategory category) {
        String hl7 = HL7.get(category);
        if (hl7 != null) {
            return new Code(CodeSystems.V3_ACT_CODE, hl7, category.label());
        }
        return new Code(CodeSystems.SENSITIVITY, category.code(), category.label());
    }

    /** The category a label names, if it names one (HL7 or our code). */
    public static Optional<SensitivityCategory> category(String system, String code) {
        if (CodeSystems.SENSITIVITY.equals(system)) {
            return SensitivityCategory.fromCode(code);
        }
        if (CodeSystems.V3_ACT_CODE.equals(system) || CodeSystems.V3_CONFIDENTIALITY.equals(system)) {
            for (Map.Entry<SensitivityCategory, String> e : HL7.entrySet()) {
                if (e.getValue().equals(code)) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /** Categories as an immutable set (handy for tests and callers). */
    public static Set<SensitivityCategory> setOf(Collection<SensitivityCategory> categories) {
        return categories.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(categories));
    }
}
