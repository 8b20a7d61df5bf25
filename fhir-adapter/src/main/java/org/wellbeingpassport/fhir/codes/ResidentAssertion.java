package org.wellbeingpassport.fhir.codes;

import java.util.Optional;

/** Whether the resident wrote, confirmed, or has not yet confirmed an entry (resident-owned record). */
public enum ResidentAssertion {
    WRITTEN("written", "written by the resident"),
    CONFIRMED("confirmed", "written by a professional and confirmed by the resident"),
    PROPOSED("proposed", "proposed by a professional, not yet confirmed by the resident"),
    DISPUTED("disputed", "disputed by the resident");

    private final String code;
    private final String display;

    ResidentAssertion(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    public static Optional<ResidentAssertion> fromCode(String code) {
        for (ResidentAssertion a : values()) {
            if (a.code.equals(code)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
