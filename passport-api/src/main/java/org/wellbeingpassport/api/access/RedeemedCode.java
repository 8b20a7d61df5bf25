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

/** What a share code opened: whose passport, which sections, for what, until when. */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RedeemedCode(String residentId, List<SectionCode> sections, PurposeCode purpose, Instant until) {
}
