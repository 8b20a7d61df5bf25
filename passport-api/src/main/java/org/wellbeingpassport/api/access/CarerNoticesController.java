package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.http.Refuses;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.List;
import java.util.Objects;
import org.wellbeingpassport.api.contribution.ProfessionalNotifications;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.gate.NoticeItem;
import org.wellbeingpassport.api.gate.NoticeList;

/**
 * {@code GET /carer/notifications}: what a carer has been told (that a resident ended their access), newest first; ids
 * only, never content. Kept in the same per-account inbox as a professional's notices.
 */
@Controller("/carer/notifications")
@Secured("carer")
public class CarerNoticesController {
    private final ProfessionalNotifications notices;
    private final Gate gate;

    public CarerNoticesController(ProfessionalNotifications notices, Gate gate) {
        this.notices = notices;
        this.gate = gate;
    }

    @Refuses.Caller
    @Refuses.AuditDown
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<NoticeList> mine(Authentication auth) {
        var carer = Me.carer(auth);
        List<NoticeItem> told = notices.list(carer.account());
        return gate.listing(carer, told.stream().map(NoticeItem::resident).filter(Objects::nonNull).toList(),
                "a carer read their notices",
                HttpResponse.ok(new NoticeList(told)).header("Cache-Control", "no-store"));
    }
}
