package org.wellbeingpassport.fhir.codes;

import java.util.Optional;

/**
 * The wellbeing measures the passport records as Observations, each with its valid score range. Codes
 * are ours ({@link CodeSystems#WELLBEING_MEASURE}); the code is also the Observation's element-path
 * key, e.g. {@code Observation[wemwbs].value}.
 */
public enum WellbeingMeasure {
    WEMWBS("wemwbs", "Warwick-Edinburgh Mental Wellbeing Scale (14 items)", 14, 70),
    SWEMWBS("swemwbs", "Short Warwick-Edinburgh Mental Wellbeing Scale (7 items)", 7, 35),
    ONS4_LIFE_SATISFACTION("ons4-life-satisfaction", "ONS4: how satisfied are you with your life nowadays?", 0, 10),
    ONS4_WORTHWHILE("ons4-worthwhile",
            "ONS4: to what extent do you feel the things you do in your life are worthwhile?", 0, 10),
    ONS4_HAPPINESS("ons4-happiness", "ONS4: how happy did you feel yesterday?", 0, 10),
    ONS4_ANXIETY("ons4-anxiety", "ONS4: how anxious did you feel yesterday?", 0, 10),
    UCLA3_LONELINESS("ucla3-loneliness", "UCLA 3-item loneliness scale", 3, 9);

    private final String code;
    private final String display;
    private final int min;
    private final int max;

    WellbeingMeasure(String code, String display, int min, int max) {
        this.code = code;
        this.display = display;
        this.min = min;
        this.max = max;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    public boolean inRange(int score) {
        return score >= min && score <= max;
    }

    public Code coding() {
        return new Code(CodeSystems.WELLBEING_MEASURE, code, display);
    }

    public static Optional<WellbeingMeasure> fromCode(String code) {
        for (WellbeingMeasure m : values()) {
            if (m.code.equals(code)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
