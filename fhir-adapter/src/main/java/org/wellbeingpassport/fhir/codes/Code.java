package org.wellbeingpassport.fhir.codes;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** A system and code with its display: a FHIR Coding without the model. */
public record Code(String system, String code, String display) {
    public Coding coding() {
        return new Coding(system, code, display);
    }

    public CodeableConcept concept() {
        return new CodeableConcept(coding());
    }

    public boolean is(String otherSystem, String otherCode) {
        return system.equals(otherSystem) && code.equals(otherCode);
    }
}
