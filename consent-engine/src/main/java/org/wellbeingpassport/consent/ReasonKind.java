package org.wellbeingpassport.consent;

/** Why an element was disclosed or withheld, or a note about the whole request. */
public enum ReasonKind {
    /** Disclosed: a permit covers it. */
    PERMITTED,
    /** Disclosed: the break-glass minimal set. */
    BREAK_GLASS,
    /** Disclosed: a recorded lawful basis other than consent. */
    LAWFUL_BASIS,
    /** Withheld: no provision covers it (default deny). */
    NOT_INCLUDED,
    /** Withheld: a deny covers it. */
    DENIED,
    /** Withheld: a permit covers it but does not name every sensitive category it carries. */
    SENSITIVE_NOT_NAMED,
    /** Withheld: a covering permit is not yet in force. */
    NOT_YET_VALID,
    /** Withheld: a covering permit has ended. */
    EXPIRED,
    /** Withheld: a covering permit was withdrawn. */
    REVOKED,
    /** Withheld: a covering permit is for other purposes. */
    PURPOSE_NOT_ALLOWED,
    /** Withheld: its origin forbids onward disclosure, whatever the directives say. */
    ONWARD_DISCLOSURE_FORBIDDEN,
    /** Withheld: the item belongs to another resident than these directives. */
    OTHER_RESIDENT,
    /** Note: break-glass was asked for but is outside its time window. */
    BREAK_GLASS_EXPIRED,
    /** Note: break-glass was asked for but the grant is invalid or not this actor's. */
    BREAK_GLASS_REJECTED,
    /** Note: a lawful basis was cited but is outside its period or invalid. */
    LAWFUL_BASIS_REJECTED
}
