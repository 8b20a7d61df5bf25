package org.wellbeingpassport.consent;

import java.util.Optional;
import org.wellbeingpassport.consent.vocabulary.Coded;

/** Where a data item came from; some origins forbid onward disclosure whatever the directives say. */
public enum Origin implements Coded {
    RESIDENT_ENTERED("resident-entered", "written by you", false),
    PROFESSIONAL_ENTERED("professional-entered", "written by a professional", false),
    PARTNER_SYSTEM("partner-system", "received from a partner system", false),
    /** e.g. DWP data under Welfare Reform Act 2012 s131; s132 makes onward disclosure an offence. */
    STATUTORY_GATEWAY("statutory-gateway", "received under a legal gateway that does not allow passing it on", true);

    private final String code;
    private final String label;
    private final boolean forbidsOnwardDisclosure;

    Origin(String code, String label, boolean forbidsOnwardDisclosure) {
        this.code = code;
        this.label = label;
        this.forbidsOnwardDisclosure = forbidsOnwardDisclosure;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String label() {
        return label;
    }

    public boolean forbidsOnwardDisclosure() {
        return forbidsOnwardDisclosure;
    }

    public static Optional<Origin> fromCode(String code) {
        return Coded.fromCode(values(), code);
    }
}
