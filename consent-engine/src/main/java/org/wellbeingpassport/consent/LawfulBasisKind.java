package org.wellbeingpassport.consent;

import org.wellbeingpassport.consent.vocabulary.Coded;

/** Lawful bases other than consent. */
public enum LawfulBasisKind implements Coded {
    SAFEGUARDING_DUTY("safeguarding-duty", "safeguarding duty"),
    COURT_ORDER("court-order", "court order"),
    STATUTORY_GATEWAY("statutory-gateway", "legal gateway");

    private final String code;
    private final String label;

    LawfulBasisKind(String code, String label) {
        this.code = code;
        this.label = label;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String label() {
        return label;
    }
}
