package org.wellbeingpassport.keys;

import java.io.ByteArrayOutputStream;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + residentId.length() + elementPath.length());
        out.write(DOMAIN, 0, DOMAIN.length);
        out.write(header, 0, headerLength);
        writePart(out, residentId);
        writePart(out, resourceType);
        writePart(out, resourceId);
        writePart(out, elementPath);
        return out.toByteArray();
    }

    private static final byte[] DOMAIN = "wp-element".getBytes(StandardCharsets.US_ASCII);

    private static void writePart(ByteArrayOutputStream out, String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.write(bytes, 0, n);
    }
}
