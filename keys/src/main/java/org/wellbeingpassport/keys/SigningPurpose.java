package org.wellbeingpassport.keys;

/** What a signing key is for: each purpose has its own keys, so one compromise stays contained. */
public enum SigningPurpose {
    TOKEN("tok", "es256"),
    AUDIT("aud", "audit"),
    EXPORT("exp", "export");

    final String aliasPrefix;
    final String kidPrefix;

    SigningPurpose(String aliasPrefix, String kidPrefix) {
        this.aliasPrefix = aliasPrefix;
        this.kidPrefix = kidPrefix;
    }
}
