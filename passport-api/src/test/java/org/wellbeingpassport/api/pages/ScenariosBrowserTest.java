package org.wellbeingpassport.api.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;

/**
 * The seven scenarios of the domain brief, each clicked through in a real browser as the people in it would, across
 * the resident's and the professional's pages, on the demo people. Leaving (scenario 7) runs last: it stops a share
 * and erases a passport.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScenariosBrowserTest {
    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    Browser b;

    @BeforeAll
    void start() {
        b = Browser.start(server.getURI(), 1024, 900);
    }

    @AfterAll
    void stop() {
        if (b != null) {
            b.close();
        }
    }

    String passport(String resident, String purpose) {
        b.open("/app/passports/" + resident + "?purpose=" + purpose);
        return b.text();
    }

    @Test
    @Order(1)
    void oneReferralTheLinkWorkerSeesTheSummaryAgreesAGoalAndReferrerOnSharingOnlyWhatIsTicked() {
        // the link worker sees Jean's consented summary without asking her to retell it, and not her health
        b.signIn("prac-sam-okoro");
        String seen = passport("jean-whitfield", "support-planning");
        assertTrue(seen.contains("Getting out of the house most days"), seen);
        assertFalse(seen.contains("Arthritis in my knees"), "health is shared with her GP practice only");
        // he proposes a goal they agreed
        b.choose("kind", "goal");
        b.type("#text", "Try the Tuesday walking group for six weeks");
        b.submit("form[action$='/propose']");
        assertTrue(b.find("#proposed-result").getText().contains("Sent"), b.text());

        // Jean confirms it from her phone
        b.signIn("jean-whitfield");
        b.size(390, 900);
        b.open("/app/me/entries");
        assertTrue(b.text().contains("Try the Tuesday walking group for six weeks"), b.text());
        b.clickAndWait(b.find("form[action='/app/me/entries/confirm'] button"));
        assertFalse(b.text().contains("Try the Tuesday walking group for six weeks"), "nothing left to check");
        b.open("/app/me");
        assertTrue(b.text().contains("Try the Tuesday walking group for six weeks"), "the goal is in her story");

        // she refers on to the walking group, ticking only what they may see, with a share code
        b.open("/app/me/share-code");
        b.choose("sections", "about-me");
        b.choose("sections", "goals");
        b.choose("purpose", "support-planning");
        b.submit("form[action='/app/me/share-code']");
        String code = b.find("#share-code").getText();
        assertTrue(b.find("svg.app-qr").isDisplayed(), "the code is also a QR code");
        b.size(1024, 900);

        // the walk leader redeems it: he sees what she ticked (and what his group already had), not her health
        b.signIn("prac-kev-duffy");
        b.open("/app/pro/share-code");
        b.type("#code", code.toLowerCase());
        b.find("#purpose").sendKeys("support");
        b.submit("form[action='/app/pro/share-code']");
        String kev = b.text();
        assertTrue(kev.contains("Try the Tuesday walking group for six weeks"), kev);
        assertFalse(kev.contains("Arthritis in my knees") || kev.contains("Frank's pension"), kev);
        // the outcome flows back: he proposes a note, she sees it to confirm
        b.choose("kind", "note");
        b.type("#text", "Came to all six walks and now helps with the tea.");
        b.submit("form[action$='/propose']");
        b.signIn("jean-whitfield");
        b.open("/app/me/entries");
        assertTrue(b.text().contains("Came to all six walks"), b.text());
    }

    @Test
    @Order(2)
    void twoFirstContactAProfessionalFindsAndAsksTheResidentApprovesPartFromHerPhone() {
        b.signIn("prac-aisha-begum");
        b.open("/app/pro");
        b.type("#nhsNumber", DemoResidents.nhsNumber("nasreen-akhtar"));
        String[] dob = DemoResidents.birthDate("nasreen-akhtar");
        b.type("#dob-day", dob[0]);
        b.type("#dob-month", dob[1]);
        b.type("#dob-year", dob[2]);
        b.find("#purpose").sendKeys("support");
        b.choose("sections", "about-me");
        b.choose("sections", "what-matters");
        b.choose("sections", "health-and-wellbeing");
        b.type("#reason", "We met at the community centre today; I would like to help with what matters to you.");
        b.submit("form[action='/app/pro/find']");
        String requestPage = b.path();
        assertTrue(requestPage.startsWith("/app/pro/requests/"), requestPage);
        assertEquals("Waiting", b.find("#request-status").getText());
        String id = requestPage.substring(requestPage.lastIndexOf('/') + 1);

        // Nasreen, on her phone, shares two of the three parts until a date
        b.signIn("nasreen-akhtar");
        b.size(360, 800);
        b.open("/app/me/requests");
        assertTrue(b.text().contains("Aisha Begum"), b.text());
        b.untick("sections", "health-and-wellbeing");
        String until = LocalDate.now().plusDays(30).toString();
        b.script("document.getElementById(arguments[0]).value = arguments[1];", "until-" + id, until);
        b.clickAndWait(b.find("#approve-" + id));
        assertTrue(b.text().contains("You have shared the parts you chose"), b.text());
        b.size(1024, 900);

        b.signIn("prac-aisha-begum");
        b.open(requestPage);
        assertEquals("Shared with you", b.find("#request-status").getText());
        b.clickAndWait(b.find("#open-passport"));
        String seen = b.text();
        assertTrue(seen.contains("I was a teacher in Sylhet"), "what she shared: " + seen);
        assertFalse(seen.contains("Headaches and not sleeping well"), "she did not share her health: " + seen);
        b.find("#why-cant-i-see summary").click();
        assertTrue(b.find("#why-cant-i-see").getText().contains("That is their choice"), "why can't I see this");
    }

    @Test
    @Order(3)
    void threeCorrectionTheResidentDisputesTheAssessorsEntryAndItTravelsWithIt() {
        b.signIn("delroy-campbell");
        b.open("/app/me");
        assertTrue(b.text().contains("front of the TV"), "the assessor's words are shown as written");
        var section = b.find("#section-living-situation");
        section.findElement(org.openqa.selenium.By.cssSelector("details summary")).click();
        section.findElement(org.openqa.selenium.By.cssSelector("textarea"))
                .sendKeys("We don't even have a TV. My in-laws go to church and the market.");
        b.clickAndWait(section.findElement(org.openqa.selenium.By.cssSelector("button[type=submit]")));
        b.open("/app/me/entries");
        assertTrue(b.text().contains("We don't even have a TV") && b.text().contains("Being looked at"), b.text());
        b.open("/app/me");
        assertTrue(b.find("#section-living-situation").getText().contains("front of the TV"), "the original stays");
        assertTrue(b.find("#section-living-situation").getText().contains("You said this is wrong"), b.text());

        // the assessor is told of the correction request about her entry (issue 15: the guide's wording), and sees
        // the dispute on the entry whenever she reads it
        b.signIn("prac-linda-crane");
        b.open("/app/pro/notifications");
        assertTrue(b.text().contains("asks you to correct an entry you wrote")
                && b.text().contains("Composition/delroy-campbell-story, section living-situation"), b.text());
        passport("delroy-campbell", "care-coordination");
        assertTrue(b.find("#section-living-situation").getText().contains("The person says this entry is wrong"),
                b.text());
    }

    @Test
    @Order(4)
    void fourSafeguardingTheLeadBreaksTheGlassSeesTheMinimumAndTheResidentIsTold() throws Exception {
        b.signIn("prac-marcus-bell");
        b.open("/app/passports/kayleigh-brennan?purpose=safeguarding");
        assertTrue(b.text().contains("Nothing is shared with you"), "nothing before the glass is broken");
        b.open("/app/pro/break-glass?residentId=kayleigh-brennan");
        // the consequences are stated before he confirms
        String consequences = b.find("#consequences").getText();
        assertTrue(consequences.contains("only the minimum") && consequences.contains("told who looked")
                && consequences.contains("reviews"), consequences);
        b.type("#reason", "Concern raised at discharge: possible risk at home from ex-partner");
        b.type("#minutes", "60");
        b.submit("form[action='/app/pro/break-glass']");
        assertTrue(b.text().contains("There is a problem"), "he must confirm he understands");
        b.choose("understood", "yes");
        b.submit("form[action='/app/pro/break-glass']");
        String seen = b.text();
        assertTrue(seen.contains("Kayleigh"), seen);
        assertFalse(seen.contains("nail tech"), "goals are not in the minimal set: " + seen);

        // she is told, in plain words, with his reason
        b.signIn("kayleigh-brennan");
        b.open("/app/me/who-looked");
        String looked = b.text();
        assertTrue(looked.contains("Emergency access") && looked.contains("Marcus Bell"), looked);
        assertTrue(looked.contains("possible risk at home"), "the reason is shown: " + looked);

        // and an auditor has it to review
        Http auditor = new Http(server.getURI()).as(new TestTokens(tokens).auditor());
        var queue = auditor.get("/audit/break-glass");
        assertEquals(200, queue.statusCode(), queue.body());
        assertTrue(queue.body().contains("kayleigh-brennan"), queue.body());
    }

    @Test
    @Order(5)
    void fiveSensitiveDetailOnlyTheNamedWorkerSeesTraumaDetailOthersSeeTheApproachOnly() {
        b.signIn("prac-cerys-morgan");
        assertTrue(passport("gareth-pryce", "support-planning").contains("I was first to reach my mate"),
                "the named worker sees the detail");
        b.signIn("prac-rhys-llewellyn");
        String gp = passport("gareth-pryce", "direct-care");
        assertTrue(gp.contains("Trauma-informed approach requested"), gp);
        assertFalse(gp.contains("first to reach my mate") || gp.contains("Flashbacks"), gp);

        // Gareth sees who sees what, with the sensitive category named
        b.signIn("gareth-pryce");
        b.open("/app/me/sharing");
        String sharing = b.text();
        assertTrue(sharing.contains("Cerys Morgan") && sharing.contains("trauma and PTSD"), sharing);
        assertFalse(b.driver.getPageSource().contains("resourceType"), "no FHIR on the page");
        // and what a GP would see, before anyone looks
        b.open("/app/me/preview?role=gp&organisationType=gp-practice&purpose=direct-care");
        String preview = b.text();
        assertTrue(preview.contains("Trauma-informed approach requested"), preview);
        assertFalse(preview.contains("first to reach my mate"), preview);
    }

    @Test
    @Order(6)
    void sixCarerTheMotherSeesOnlyWhatHerSonDelegated() {
        // Grace gives her son her sign-in, from her own page
        b.signIn("grace-eze");
        b.open("/app/carer");
        String graceAccount = b.find("#my-account").getText();
        // Ikenna delegates limited access to her
        b.signIn("ikenna-eze");
        b.open("/app/me/carers");
        b.type("#name", "Grace Eze");
        b.type("#account", graceAccount);
        b.choose("sections", "communication");
        b.choose("sections", "goals");
        b.choose("sections", "identity");
        b.submit("form[action='/app/me/carers']");
        assertTrue(b.text().contains("Grace Eze"), b.text());

        b.signIn("grace-eze");
        b.open("/app/carer");
        assertTrue(b.text().contains("Ikenna"), b.text());
        b.clickAndWait(b.find("a[href*='/app/passports/ikenna-eze'][href*='support-planning']"));
        String seen = b.text();
        assertTrue(seen.contains("Email only, please"), "communication was delegated: " + seen);
        assertFalse(seen.contains("Waiting for an autism assessment: 18 months so far")
                || seen.contains("since April 2025") || seen.contains("I like trains"),
                "health and about me were not: " + seen);
        assertTrue(b.all("form[action$='/propose']").isEmpty(), "a carer reads; she does not propose");

        // he withdraws it: she no longer sees it
        b.signIn("ikenna-eze");
        b.open("/app/me/carers");
        for (int i = 0; i < 5 && !b.all("form[action$='/withdraw'] button").isEmpty(); i++) {
            b.clickAndWait(b.find("form[action$='/withdraw'] button"));
        }
        assertTrue(b.text().contains("You have not asked anyone to help you yet"), b.text());
        b.signIn("grace-eze");
        b.open("/app/carer");
        assertTrue(b.text().contains("Nobody has asked you to help"), b.text());
    }

    @Test
    @Order(7)
    void sevenLeavingAnOrganisationLosesAccessAtOnceAndAResidentCanLeave() {
        b.signIn("prac-joanna-kowalski");
        assertTrue(passport("kayleigh-brennan", "direct-care").contains("Kayleigh"), "the team sees it now");

        b.signIn("kayleigh-brennan");
        b.open("/app/me/sharing");
        b.clickAndWait(b.find("a[href='/app/me/sharing/mental-health-team/stop']"));
        assertTrue(b.text().contains("Stop sharing?"), "step one: what will happen");
        b.submit("form[action='/app/me/sharing/mental-health-team/stop']");
        assertTrue(b.text().contains("You have stopped sharing"), b.text());

        b.signIn("prac-joanna-kowalski");
        assertTrue(passport("kayleigh-brennan", "direct-care").contains("Nothing is shared with you"),
                "access ends at once");

        // leaving: erase, with a clear confirmation
        b.signIn("kayleigh-brennan");
        b.open("/app/me/leave");
        b.submit("form[action='/app/me/leave']");
        assertTrue(b.text().contains("Tick the box"), "nothing is erased without the confirmation");
        b.choose("confirm", "yes");
        b.submit("form[action='/app/me/leave']");
        assertTrue(b.text().contains("Your passport has been deleted"), b.text());
        b.signIn("prac-marcus-bell");
        assertTrue(passport("kayleigh-brennan", "safeguarding").contains("Nothing is shared with you"),
                "gone for everyone, even with a break-glass grant");
    }
}
