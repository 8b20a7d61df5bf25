package org.wellbeingpassport.api.resident;

import io.micronaut.core.annotation.Introspected;
import java.util.List;

/** The resident's sharing choices in force ([] when there are none). */
@Introspected
public record SharingChoices(List<SharingChoice> choices) {
}
