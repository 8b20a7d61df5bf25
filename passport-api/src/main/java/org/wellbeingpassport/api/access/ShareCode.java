package org.wellbeingpassport.api.access;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.wellbeingpassport.api.http.codes.*;

/** A share code the resident made: give it to the professional in person. */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShareCode(@Schema(example = "K7QM-2XPD") String code, Instant expires, int uses,
        List<SectionCode> sections, PurposeCode purpose) {
}
