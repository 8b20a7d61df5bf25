package org.wellbeingpassport.consent;

import java.util.EnumSet;
import java.util.Set;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;

/** Bit masks over {@link SensitivityCategory} ordinals, for the compiled form. */
final class Categories {
    private static final SensitivityCategory[] ALL = SensitivityCategory.values();

    static {
        if (ALL.length > 31) {
            throw new IllegalStateException("sensitivity categories no longer fit an int mask");
        }
    }

    private Categories() {
    }

    static int mask(Set<SensitivityCategory> categories) {
        int m = 0;
        for (SensitivityCategory c : categories) {
            m |= 1 << c.ordinal();
        }
        return m;
    }

    static Set<SensitivityCategory> set(int mask) {
        EnumSet<SensitivityCategory> s = EnumSet.noneOf(SensitivityCategory.class);
        for (SensitivityCategory c : ALL) {
            if ((mask & (1 << c.ordinal())) != 0) {
                s.add(c);
            }
        }
        return Set.copyOf(s);
    }
}
