package org.wellbeingpassport.fhir.codes;

import java.util.Optional;

/**
 * Where a resource came from, as a meta.tag in {@link CodeSystems#ORIGIN}. Data received under a
 * statutory gateway (e.g. DWP data under Welfare Reform Act 2012 s131) also carries the NORDSCLCD
 * security label: it must not be passed on.
 */
public enum Origin {
    RESIDENT_ENTERED("resident-entered", "entered by the resident"),
    PROFESSIONAL_ENTERED("professional-entered", "entered by a professional"),
    STATUTORY_GATEWAY("statutory-gateway", "received under a statutory gateway; no onward disclosure");

    private final String code;
    private final String display;

    Origin(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    public Code coding() {
        return new Code(CodeSystems.ORIGIN, code, display);
    }

    public static Optional<Origin> fromCode(String code) {
        for (Origin o : values()) {
            if (o.code.equals(code)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
