package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.http.Refuses;
import org.wellbeingpassport.api.gate.Gate;

import org.wellbeingpassport.api.gate.NoticeList;
import org.wellbeingpassport.api.gate.Notifications;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

/** {@code GET /me/notifications}: what the resident has been told, newest first. */
@Controller("/me/notifications")
@Secured("resident")
public class NotificationController {
    private final Notifications notifications;
    private final Me me;
    private final Gate gate;

    public NotificationController(Notifications notifications, Me me, Gate gate) {
        this.gate = gate;
        this.notifications = notifications;
        this.me = me;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Refuses.Read
    public HttpResponse<NoticeList> list(Authentication auth) {
        Me.Resident r = me.resident(auth);
        return gate.ownListing(r.caller(), r.residentId(), "read their notices", HttpResponse
                .ok(new NoticeList(notifications.list(r.residentId()))).header("Cache-Control", "no-store"));
    }
}
