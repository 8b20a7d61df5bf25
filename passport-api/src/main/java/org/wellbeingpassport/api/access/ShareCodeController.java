package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.http.Refuses;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Status;
import jakarta.validation.Valid;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

/** Share codes: residents create them, professionals redeem them. */
@Controller
public class ShareCodeController {
    private final ShareCodes codes;
    private final Me me;

    public ShareCodeController(ShareCodes codes, Me me) {
        this.codes = codes;
        this.me = me;
    }

    @Post(uri = "/me/share-codes", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Secured("resident")
    @Status(HttpStatus.CREATED)
    @Refuses.Change
    @Refuses.TooMany
    public HttpResponse<ShareCode> create(Authentication auth, @Valid @Body ShareCodeForm body) {
        Me.Resident r = me.resident(auth);
        var sections = Codes.sections(body.sections());
        ShareCodes.Created c = codes.create(r.caller(), r.residentId(), sections, body.purpose().vocabulary(),
                body.minutesOrDefault(), body.usesOrDefault());
        return HttpResponse.created(
                new ShareCode(c.code(), c.expires(), c.uses(), AccessRequests.sectionCodes(sections), body.purpose()))
                .header("Cache-Control", "no-store");
    }

    @Post(uri = "/share-codes/redeem", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Secured("professional")
    @Refuses.Change
    @Refuses.TooMany
    public HttpResponse<RedeemedCode> redeem(Authentication auth, @Valid @Body RedeemForm body) {
        var caller = Me.professional(auth);
        ShareCodes.Redeemed r = codes.redeem(caller, body.code(), body.purpose().vocabulary());
        return HttpResponse
                .ok(new RedeemedCode(r.residentId(), AccessRequests.sectionCodes(r.sections()),
                        org.wellbeingpassport.api.http.codes.PurposeCode.of(r.purpose()), r.until()))
                .header("Cache-Control", "no-store");
    }
}
