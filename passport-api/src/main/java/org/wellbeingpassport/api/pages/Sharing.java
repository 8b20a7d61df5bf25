package org.wellbeingpassport.api.pages;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.ProvisionType;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/**
 * Who sees what, for the resident: each current choice to share (recipients, sections, sensitive categories named,
 * purposes, end date) and the grid of recipients against sections. Words for recipients come from the messages.
 */
public record Sharing(List<Share> shares, List<String> sections) {
    /** One current choice: {@code who} are [message key, argument, argument] triples. */
    public record Share(String id, List<String[]> who, List<String> sections, boolean wholeStory,
            List<String> categories, List<String> purposes, Optional<String> until) {
        public boolean covers(String section) {
            return wholeStory || sections.contains(section);
        }
    }

    public static Sharing of(DirectiveSet set, Instant now) {
        List<Share> out = new ArrayList<>();
        for (Provision p : set.provisions()) {
            if (p.type() != ProvisionType.PERMIT || p.revoked().isPresent()
                    || p.period().flatMap(x -> x.end()).map(e -> !e.isAfter(now)).orElse(false)) {
                continue;
            }
            List<String[]> who = p.who().stream().map(Sharing::who).toList();
            out.add(new Share(p.id(), who, p.what().sections().stream().sorted().map(StorySection::code).toList(),
                    p.what().wholeRecord(),
                    p.what().categories().stream().sorted().map(SensitivityCategory::code).toList(),
                    p.purposes().stream().sorted().map(Purpose::code).toList(), p.period().flatMap(x -> x.end())
                            .map(e -> LocalDate.ofInstant(e.minusSeconds(1), ZoneOffset.UTC).toString())));
        }
        List<String> sections = Arrays.stream(StorySection.values()).map(StorySection::code).toList();
        return new Sharing(List.copyOf(out), sections);
    }

    static String[] who(Recipient r) {
        if (r instanceof Recipient.Named n) {
            return new String[]{"who.named", n.name(), ""};
        }
        if (r instanceof Recipient.WithRole w) {
            return new String[]{"who.role", "role." + w.roleCode(), ""};
        }
        if (r instanceof Recipient.AtOrganisation o) {
            return new String[]{"who.organisation", o.organisationName(), ""};
        }
        if (r instanceof Recipient.WithRoleAt w) {
            return new String[]{"who.role-at", "role." + w.roleCode(), w.organisationName()};
        }
        if (r instanceof Recipient.OfOrganisationType t) {
            return new String[]{"who.organisation-type", "orgtype." + t.typeCode(), ""};
        }
        if (r instanceof Recipient.Delegate d) {
            return new String[]{"who.carer", d.name(), ""};
        }
        if (r instanceof Recipient.PartnerSystem s) {
            return new String[]{"who.system", s.name(), ""};
        }
        return new String[]{"who.someone", "", ""};
    }
}
