package org.wellbeingpassport.api.resident;

import io.micronaut.core.annotation.Introspected;
import io.swagger.v3.oas.annotations.media.Schema;

/** A passport just started: the id of the resident it belongs to. */
@Introspected
@Schema(name = "Started")
public record Started(@Schema(example = "0b7f8a1e-6a52-4a53-9f5e-3d2c1b0a9f87") String residentId) {
}
