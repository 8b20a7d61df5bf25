package org.wellbeingpassport.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.wellbeingpassport.consent.Fixtures.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/** One compiled policy shared by many threads gives every thread the single-threaded answers. */
class CompiledPolicySharingTest {

    @Test
    void aSharedPolicyAnswersTheSameOnEveryThread() throws Exception {
        Provision p = Provision.permit("p").to(RIVERSIDE_LINK_WORKERS)
                .covering(Scope.sections(StorySection.GOALS, StorySection.IDENTITY))
                .forPurposes(Purpose.SUPPORT_PLANNING).grantedAt(MARCH_3)
                .with(Provision.deny("p.x").covering(Scope.paths("Goal.note")).build()).build();
        CompiledPolicy policy = ConsentEngine.standard().compile(directives(p),
                AccessRequest.of(SAM, Purpose.SUPPORT_PLANNING, APRIL_1));
        List<DataItem> items = List.of(goals(), health(), patient());
        List<DisclosureMask> expected = items.stream().map(policy::disclose).toList();
        List<Decision> expectedDecisions = items.stream().map(policy::decide).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 500; round++) {
                        for (int i = 0; i < items.size(); i++) {
                            if (!policy.disclose(items.get(i)).equals(expected.get(i))
                                    || !policy.decide(items.get(i)).equals(expectedDecisions.get(i))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertEquals(true, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("DisclosureMask[110]", expected.get(0).toString()); // description, target, not the note
    }
}
