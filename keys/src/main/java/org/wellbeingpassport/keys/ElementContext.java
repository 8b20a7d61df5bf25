package org.wellbeingpassport.keys;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where an encrypted element lives. All four parts are bound into the ciphertext as associated data,
 * so a token copied to another resident, resource or element path fails to decrypt.
 *
 * @param residentId   the resident whose data key encrypts the element
 * @param resourceType FHIR resource type, e.g. {@code Observation}
 * @param resourceId   logical id of the resource
 * @param elementPath  path of the element inside the resource, e.g. {@code valueString}
 */
public record ElementContext(String residentId, String resourceType, String resourceId, String elementPath) {

    public ElementContext {
        requireText(residentId, "residentId");
        requireText(resourceType, "resourceType");
        requireText(resourceId, "resourceId");
        requireText(elementPath, "elementPath");
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** Associated data: a domain prefix, the token header, then each part length-prefixed. */
    byte[] associatedData(byte[] header, int headerLength) {
        byte[] r = residentId.getBytes(StandardCharsets.UTF_8);
        byte[] t = resourceType.getBytes(StandardCharsets.UTF_8);
        byte[] i = resourceId.getBytes(StandardCharsets.UTF_8);
        byte[] p = elementPath.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[DOMAIN.length + headerLength + 16 + r.length + t.length + i.length + p.length];
        System.arraycopy(DOMAIN, 0, out, 0, DOMAIN.length);
        System.arraycopy(header, 0, out, DOMAIN.length, headerLength);
        int off = DOMAIN.length + headerLength;
        off = writePart(out, off, r);
        off = writePart(out, off, t);
        off = writePart(out, off, i);
        writePart(out, off, p);
        return out;
    }

    private static final byte[] DOMAIN = "wp-element".getBytes(StandardCharsets.US_ASCII);

    private static int writePart(byte[] out, int off, byte[] part) {
        int n = part.length;
        out[off] = (byte) (n >>> 24);
        out[off + 1] = (byte) (n >>> 16);
        out[off + 2] = (byte) (n >>> 8);
        out[off + 3] = (byte) n;
        System.arraycopy(part, 0, out, off + 4, n);
        return off + 4 + n;
    }
}
