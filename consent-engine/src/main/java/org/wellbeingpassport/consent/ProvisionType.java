package org.wellbeingpassport.consent;

/** Whether a provision shares (permit) or withholds (deny). Deny always overrides permit. */
public enum ProvisionType {
    PERMIT,
    DENY
}
