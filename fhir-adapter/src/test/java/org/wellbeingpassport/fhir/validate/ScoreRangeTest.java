package org.wellbeingpassport.fhir.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.fhir.codes.WellbeingMeasure;

class ScoreRangeTest {
    private static long rangeErrors(WellbeingMeasure m, org.hl7.fhir.r4.model.Type value) {
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(m.coding().concept());
        o.setValue(value);
        return PassportRules.check(o).stream().filter(i -> i.rule().equals("passport-score-range")).count();
    }

    @Test
    void everyMeasureIsCheckedAtBothEnds() {
        for (WellbeingMeasure m : WellbeingMeasure.values()) {
            assertEquals(1, rangeErrors(m, new IntegerType(m.min() - 1)), m + " below");
            assertEquals(0, rangeErrors(m, new IntegerType(m.min())), m + " min");
            assertEquals(0, rangeErrors(m, new IntegerType(m.max())), m + " max");
            assertEquals(1, rangeErrors(m, new IntegerType(m.max() + 1)), m + " above");
        }
        assertEquals(14, WellbeingMeasure.WEMWBS.min());
        assertEquals(70, WellbeingMeasure.WEMWBS.max());
        assertEquals(35, WellbeingMeasure.SWEMWBS.max());
        assertEquals(9, WellbeingMeasure.UCLA3_LONELINESS.max());
    }

    @Test
    void aScoreIsAWholeNumber() {
        assertEquals(0, rangeErrors(WellbeingMeasure.SWEMWBS, new Quantity().setValue(new BigDecimal("21.0"))));
        assertEquals(1, rangeErrors(WellbeingMeasure.SWEMWBS, new Quantity().setValue(new BigDecimal("21.5"))));
    }
}
