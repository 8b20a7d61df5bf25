package org.wellbeingpassport.keys;

/** Progress of a long rotation, called after each resident record. */
@FunctionalInterface
public interface RotationProgress {
    void update(long done, long total);

    static RotationProgress none() {
        return (done, total) -> {
        };
    }
}
