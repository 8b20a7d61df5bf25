package org.wellbeingpassport.api.pages;

import org.hl7.fhir.r4.model.Patient;
import org.wellbeingpassport.fhir.example.ExamplePassports;

/** The demo residents' identifiers, as a professional would have them (NHS number and date of birth). */
final class DemoResidents {
    private DemoResidents() {
    }

    static Patient patient(String key) {
        return (Patient) ExamplePassports.named(key).passport().getEntryFirstRep().getResource();
    }

    static String nhsNumber(String key) {
        return patient(key).getIdentifier().stream().filter(i -> i.getSystem().endsWith("nhs-number")).findFirst()
                .orElseThrow().getValue();
    }

    /** Date of birth as [day, month, year]. */
    static String[] birthDate(String key) {
        String[] ymd = patient(key).getBirthDateElement().getValueAsString().split("-");
        return new String[]{String.valueOf(Integer.parseInt(ymd[2])), String.valueOf(Integer.parseInt(ymd[1])), ymd[0]};
    }
}
