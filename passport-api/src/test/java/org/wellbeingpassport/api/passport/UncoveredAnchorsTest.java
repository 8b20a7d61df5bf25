package org.wellbeingpassport.api.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What an audit entry lists as disclosed ({@link Evaluation#uncovered}): an anchor is left out exactly when a withheld
 * path is the anchor or goes on from it with {@code .} or {@code [}; checked against that definition applied path by
 * path, on the cases that tell the two readings of "goes on from" apart and on many drawn at random from paths shaped
 * like the passport's.
 */
class UncoveredAnchorsTest {

    /** The definition, applied to each pair: the oracle. */
    private static List<String> byDefinition(List<String> anchors, List<String> withheld) {
        Set<String> out = new LinkedHashSet<>();
        for (String a : anchors) {
            boolean covered = false;
            for (String w : withheld) {
                if (w.equals(a) || (w.length() > a.length() && w.startsWith(a)
                        && (w.charAt(a.length()) == '.' || w.charAt(a.length()) == '['))) {
                    covered = true;
                }
            }
            if (!covered) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    @Test
    void aSectionWithAnyPartWithheldIsNotListedButASiblingWithTheSamePrefixIs() {
        List<String> anchors = List.of("Patient/p1", "Composition.section[goals]", "Composition.section[goals-later]",
                "Composition.section[communication]", "Observation/o1", "Composition.section[goals]");
        List<String> withheld = List.of("Composition.section[goals].entry[2]", "Observation/o1.note",
                "Composition.section[communication]", "Patient/p10");
        List<String> expected = List.of("Patient/p1", "Composition.section[goals-later]");
        assertEquals(expected, Evaluation.uncovered(anchors, withheld));
        assertEquals(byDefinition(anchors, withheld), Evaluation.uncovered(anchors, withheld));
        assertEquals(anchors.stream().distinct().toList(), Evaluation.uncovered(anchors, List.of()),
                "nothing withheld: every anchor, once, in order");
        assertEquals(List.of(), Evaluation.uncovered(List.of(), withheld));
    }

    @Test
    void agreesWithTheDefinitionOnPathsDrawnAtRandom() {
        Random random = new Random(18);
        String[] parts = {"Composition", "section[goals]", "section[what-matters]", "section[goals2]", "entry[0]",
                "entry[1]", "text", "Patient/p1", "Patient/p", "Observation/o1", "note", "[3]", "", "a.b"};
        for (int round = 0; round < 2_000; round++) {
            List<String> anchors = new ArrayList<>();
            List<String> withheld = new ArrayList<>();
            for (int i = random.nextInt(12); i > 0; i--) {
                anchors.add(path(random, parts));
            }
            for (int i = random.nextInt(12); i > 0; i--) {
                // some withheld paths go on from an anchor, some are one, some are unrelated
                String w = switch (random.nextInt(3)) {
                    case 0 -> anchors.isEmpty()
                            ? path(random, parts)
                            : anchors.get(random.nextInt(anchors.size())) + (random.nextBoolean() ? "." : "[")
                                    + parts[random.nextInt(parts.length)];
                    case 1 -> anchors.isEmpty() ? path(random, parts) : anchors.get(random.nextInt(anchors.size()));
                    default -> path(random, parts);
                };
                withheld.add(w);
            }
            assertEquals(byDefinition(anchors, withheld), Evaluation.uncovered(anchors, withheld),
                    "anchors " + anchors + ", withheld " + withheld);
        }
    }

    private static String path(Random random, String[] parts) {
        StringBuilder b = new StringBuilder(parts[random.nextInt(parts.length)]);
        for (int i = random.nextInt(3); i > 0; i--) {
            b.append(random.nextBoolean() ? "." : "").append(parts[random.nextInt(parts.length)]);
        }
        return b.toString();
    }
}
