package org.wellbeingpassport.fhir.codes;

/** How a resident prefers to be contacted (Patient extension contact-preference). */
public enum ContactPreference {
    TEXT_MESSAGE("text-message", "text message"),
    EMAIL("email", "email"),
    LETTER("letter", "letter"),
    PHONE("phone", "phone call"),
    NO_PHONE_CALLS("no-phone-calls", "no phone calls"),
    NO_VOICEMAIL("no-voicemail", "no voicemail"),
    CONTACT_PROACTIVELY("contact-proactively", "contact me proactively");

    private final String code;
    private final String display;

    ContactPreference(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }
}
