package org.wellbeingpassport.api.audit;

import java.time.Instant;
import java.util.List;

/**
 * One line of a resident's access history, in plain language, with the facts behind it.
 *
 * @param sentence e.g. "Sam Patel, social prescribing link worker at Riverside Practice, saw your goals and how to
 *        contact you on 4 March 2026 at 10:12 for support planning, because you allowed it."
 * @param sections plain-language names of the parts of the story that were seen (or asked for)
 */
public record AccessHistoryItem(String entryId, Instant at, String action, String outcome, String who,
        List<String> sections, boolean breakGlass, String sentence) {
}
