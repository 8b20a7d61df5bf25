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

/** A break-glass grant: the minimal set, for a short time, reviewed. */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BreakGlassAccess(String grantId, String residentId, PurposeCode purpose, Instant start, Instant expires,
        boolean residentNotified) {
}
