package org.wellbeingpassport.api.pages;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test: kept out of the test command (its name does not end in Test), run by bench/pages. The
 * server's time to render the professional's passport page, measured in the browser (Navigation Timing:
 * responseStart - requestStart, which is the server's work plus one loopback round trip), over 100 loads after 10
 * to warm up. Prints p50, p95 and max.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class PassportPageTiming {
    @Inject
    EmbeddedServer server;

    @Test
    void passportPageServerTime() {
        Assumptions.assumeTrue(Boolean.getBoolean("pages.bench"), "run with bench/pages");
        try (Browser b = Browser.start(server.getURI(), 1280, 900)) {
            b.signIn("prac-sam-okoro");
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < 110; i++) {
                b.open("/app/passports/jean-whitfield?purpose=support-planning");
                Number t = (Number) b.script("const n = performance.getEntriesByType('navigation')[0];"
                        + " return n.responseStart - n.requestStart;");
                if (i >= 10) {
                    ms.add(t.doubleValue());
                }
            }
            assertTrue(b.text().contains("Getting out of the house most days"), "the page that was timed");
            Collections.sort(ms);
            System.out.printf(
                    "PAGES-BENCH passport page server time over %d loads: p50 %.1f ms, p95 %.1f ms," + " max %.1f ms%n",
                    ms.size(), ms.get(ms.size() / 2), ms.get((int) Math.ceil(ms.size() * 0.95) - 1),
                    ms.get(ms.size() - 1));
        }
    }
}
