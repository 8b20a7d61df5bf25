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

/** What happened to my access request (the requester's view). */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessRequestStatus(String id, @Schema(allowableValues = {
        "pending", "approved", "refused", "expired"}) String status, PurposeCode purpose, List<SectionCode> sections,
        Instant created, @Nullable @Schema(description = "while pending or once expired") Instant expires,
        @Nullable @Schema(description = "once approved") String residentId,
        @Nullable @Schema(description = "once approved") List<SectionCode> grantedSections,
        @Nullable @Schema(description = "once approved: the last day of access") LocalDate until){
}
