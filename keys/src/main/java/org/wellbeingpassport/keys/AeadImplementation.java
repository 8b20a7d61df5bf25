package org.wellbeingpassport.keys;

/**
 * Which AES-256-GCM implementation does the bulk work. Both pass the same known-answer tests; the
 * default is the faster on the measured machine (see bench/RESULTS.md).
 */
public enum AeadImplementation {
    /** The JDK provider (SunJCE), with AES-NI and GHASH intrinsics. */
    JDK,
    /** Bouncy Castle's lightweight GCMModeCipher over AESEngine. */
    BOUNCY_CASTLE
}
