package org.wellbeingpassport.consent;

/** The outcome for one element. */
public enum Effect {
    DISCLOSE,
    WITHHOLD
}
