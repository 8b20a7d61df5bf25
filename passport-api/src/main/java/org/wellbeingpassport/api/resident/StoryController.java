package org.wellbeingpassport.api.resident;

import org.wellbeingpassport.api.http.Refuses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.util.Arrays;
import java.util.OptionalLong;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.api.http.ApiErrors;
import org.wellbeingpassport.api.http.ETags;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.http.ProblemBody;
import org.wellbeingpassport.api.http.codes.SectionCode;

/**
 * My story in plain words, without FHIR: add an entry to a section, or change the words of one. Stored as the same
 * FHIR Observation the pages write, through the resident write flow and the gate.
 */
@Controller("/me/story")
@io.swagger.v3.oas.annotations.tags.Tag(name = "MyStory", description = "a resident writing their story in plain words")
@Secured("resident")
public class StoryController {
    private final ResidentAccounts accounts;
    private final StoryEntries entries;

    public StoryController(ResidentAccounts accounts, StoryEntries entries) {
        this.accounts = accounts;
        this.entries = entries;
    }

    @io.swagger.v3.oas.annotations.Operation(operationId = "addStoryEntry")
    @Post(uri = "/{section}/entries", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Status(HttpStatus.CREATED)
    @Refuses.Change
    public HttpResponse<StoryEntry> add(Authentication auth,
            @PathVariable @Schema(description = "a story section code, e.g. goals") String section,
            @Valid @Body StoryEntryForm body) {
        Caller me = Callers.of(auth);
        String rid = MyPassport.of(accounts, me);
        StoryEntry e = entries.add(me, rid, section(section), body.text()).entry();
        return HttpResponse.created(e).header("Location", "/me/story/" + section + "/entries/" + e.id())
                .header("ETag", "W/\"" + e.version() + "\"").header("Cache-Control", "no-store");
    }

    @io.swagger.v3.oas.annotations.Operation(operationId = "changeStoryEntry")
    @Status(HttpStatus.OK)
    @Put(uri = "/{section}/entries/{id}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ApiResponse(responseCode = "200", description = "changed: the entry with its new words and version", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StoryEntry.class)))
    @ApiResponse(responseCode = "201", description = "created: there was no entry with this id", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StoryEntry.class)))
    @Refuses.Change
    @ApiResponse(responseCode = "412", description = "stale: the entry changed since the version in If-Match; read it again", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    public HttpResponse<StoryEntry> change(Authentication auth, @PathVariable String section, @PathVariable String id,
            @Valid @Body StoryEntryForm body, @Nullable @Header("If-Match") String ifMatch) {
        Caller me = Callers.of(auth);
        String rid = MyPassport.of(accounts, me);
        OptionalLong expected = ifMatch == null ? OptionalLong.empty() : OptionalLong.of(ETags.ifMatch(ifMatch));
        StoryEntries.Saved saved = entries.put(me, rid, section(section), id, body.text(), expected);
        StoryEntry e = saved.entry();
        return HttpResponse.ok(e).status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .header("ETag", "W/\"" + e.version() + "\"").header("Cache-Control", "no-store");
    }

    /** A section code in the path; any other word is a section that is not there. */
    static SectionCode section(String code) {
        return Arrays.stream(SectionCode.values()).filter(s -> s.vocabulary().code().equals(code)).findFirst()
                .orElseThrow(() -> new Problem(HttpStatus.NOT_FOUND, "No such section", "Story sections are " + String
                        .join(", ", Arrays.stream(SectionCode.values()).map(s -> s.vocabulary().code()).toList())));
    }
}
