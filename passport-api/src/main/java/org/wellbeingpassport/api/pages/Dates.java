package org.wellbeingpassport.api.pages;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Dates and times as people in the UK write them, in the page's language ("4 March 2026", "4 Mawrth 2026"). */
public final class Dates {
    static final ZoneId UK = ZoneId.of("Europe/London");

    private Dates() {
    }

    public static String date(String isoDateOrInstant, String lang) {
        if (isoDateOrInstant == null || isoDateOrInstant.isBlank()) {
            return "";
        }
        try {
            LocalDate d = isoDateOrInstant.length() > 10
                    ? Instant.parse(isoDateOrInstant).atZone(UK).toLocalDate()
                    : LocalDate.parse(isoDateOrInstant);
            return d.format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.forLanguageTag(lang)));
        } catch (DateTimeParseException e) {
            return isoDateOrInstant;
        }
    }

    public static String dateTime(Instant at, String lang) {
        return at.atZone(UK).format(DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.forLanguageTag(lang)));
    }

    public static String dateTime(String instant, String lang) {
        try {
            return dateTime(Instant.parse(instant), lang);
        } catch (DateTimeParseException e) {
            return instant;
        }
    }
}
