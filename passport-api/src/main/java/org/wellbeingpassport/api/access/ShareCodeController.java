package org.wellbeingpassport.api.access;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.LinkedHashMap;
import java.util.Map;

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
    public HttpResponse<Map<String, Object>> create(Authentication auth, @Body String body) {
        Me.Resident r = me.resident(auth);
        var json = Bodies.parse(body, "sections", "purpose", "minutes", "uses");
        var sections = Bodies.sections(json, "sections");
        var purpose = Bodies.purpose(json, "purpose");
        int minutes = Bodies.integer(json, "minutes", 5, 720, 30);
        int uses = Bodies.integer(json, "uses", 1, 10, 1);
        ShareCodes.Created c = codes.create(r.caller(), r.residentId(), sections, purpose, minutes, uses);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", c.code());
        out.put("expires", c.expires().toString());
        out.put("uses", c.uses());
        out.put("sections", AccessRequests.codes(sections));
        out.put("purpose", purpose.code());
        return HttpResponse.<Map<String, Object>>created(out).header("Cache-Control", "no-store");
    }

    @Post(uri = "/share-codes/redeem", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Secured("professional")
    public HttpResponse<Map<String, Object>> redeem(Authentication auth, @Body String body) {
        var caller = Me.professional(auth);
        var json = Bodies.parse(body, "code", "purpose");
        String code = Bodies.text(json, "code", 32);
        var purpose = Bodies.purpose(json, "purpose");
        ShareCodes.Redeemed r = codes.redeem(caller, code, purpose);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("residentId", r.residentId());
        out.put("sections", r.sections());
        out.put("purpose", r.purpose().code());
        out.put("until", r.until().toString());
        return HttpResponse.ok(out).header("Cache-Control", "no-store");
    }
}
