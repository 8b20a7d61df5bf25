package org.wellbeingpassport.fhir.example;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.codes.ResidentAssertion;
import org.wellbeingpassport.fhir.codes.SubSection;
import org.wellbeingpassport.fhir.codes.WellbeingMeasure;
import org.wellbeingpassport.fhir.example.Directory.Org;
import org.wellbeingpassport.fhir.example.Directory.Place;
import org.wellbeingpassport.fhir.example.Directory.Worker;

/** What one example passport says, before it becomes FHIR (fluent, filled in by ExamplePassports). */
final class PassportSpec {
    /** A piece of the story: its words, who wrote it (empty worker = the resident), when, and its inline labels. */
    record Entry(String text, Worker author, ResidentAssertion assertion, String assertedOn,
            Set<SensitivityCategory> labels) {
    }

    record GoalSpec(String description, boolean achieved, String achievement, String target, BigDecimal quantity,
            String unit, String due, String progress) {
    }

    record ConditionSpec(String snomed, String display, String onset, Set<SensitivityCategory> labels, Worker recorder,
            String note, String labelledNote, SensitivityCategory noteLabel) {
    }

    record MeasureSpec(WellbeingMeasure measure, String date, int score) {
    }

    record RelatedSpec(String relationship, String relationshipDisplay, String given, String family, String phone,
            boolean carer) {
    }

    record ReferralSpec(String snomed, String display, Worker requester, Org performer, boolean completed,
            String authoredOn, String reason, String outcome) {
    }

    /** One permit the resident has given (consent-engine terms). */
    record Permit(org.wellbeingpassport.consent.Recipient to, org.wellbeingpassport.consent.vocabulary.Purpose purpose,
            org.wellbeingpassport.consent.Scope scope) {
    }

    String id;
    String given;
    String family;
    String gender;
    String birthDate;
    String nhsNumber;
    Place place;
    String street;
    String postcode;
    String language = "en-GB";
    String languageDisplay = "English (United Kingdom)";
    boolean interpreter;
    String mobile;
    String email;
    List<String> contactPreferences = new ArrayList<>();
    Org gpPractice;
    Worker lead;
    List<Worker> team = new ArrayList<>();
    String storyDate;
    Map<StorySection, Entry> sections = new EnumMap<>(StorySection.class);
    Map<SubSection, Entry> subsections = new LinkedHashMap<>();
    List<GoalSpec> goals = new ArrayList<>();
    List<ConditionSpec> conditions = new ArrayList<>();
    List<MeasureSpec> measures = new ArrayList<>();
    List<RelatedSpec> related = new ArrayList<>();
    List<ReferralSpec> referrals = new ArrayList<>();
    List<Permit> permits = new ArrayList<>();
    String planTitle;
    String planDescription;
    /** A benefits note received from DWP (statutory gateway), if any. */
    String dwpNote;
    Worker dwpRecorder;

    PassportSpec section(StorySection section, String text) {
        sections.put(section, new Entry(text, null, ResidentAssertion.WRITTEN, storyDate, Set.of()));
        return this;
    }

    PassportSpec section(StorySection section, String text, Worker author, ResidentAssertion assertion) {
        sections.put(section, new Entry(text, author, assertion, storyDate, Set.of()));
        return this;
    }

    PassportSpec sub(SubSection sub, String text, SensitivityCategory... labels) {
        subsections.put(sub, new Entry(text, null, ResidentAssertion.WRITTEN, storyDate, Set.of(labels)));
        return this;
    }

    PassportSpec sub(SubSection sub, String text, Worker author, ResidentAssertion assertion,
            SensitivityCategory... labels) {
        subsections.put(sub, new Entry(text, author, assertion, storyDate, Set.of(labels)));
        return this;
    }
}
