package org.wellbeingpassport.api.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.Binary;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.store.StorageForm;
import org.wellbeingpassport.keys.DecryptionFailedException;
import org.wellbeingpassport.keys.ElementCipher;
import org.wellbeingpassport.keys.ElementContext;
import org.wellbeingpassport.keys.KeyDestroyedException;
import org.wellbeingpassport.keys.KeyRetiredException;

/**
 * The stored form of every resource of a passport (ADR 0014, "Erasure that reaches copies"): the whole resource,
 * identity and story alike, encrypted under the resident's own data key (keys/, AES-256-GCM bound to resident,
 * type, id and this place), so that the stored document keeps only {@code resourceType} and {@code id} in the clear,
 * beside the passport's ids and versions. What the feature code seals element by element (SealedElements) is inside
 * this envelope, sealed again: the envelope is what makes the store, and every copy of it, unreadable once the
 * resident's data key is destroyed and every copy of the key store has aged out.
 *
 * <p>
 * The sealed envelope is kept as bytes (a BSON binary: version, key id, nonce, ciphertext and tag), not as the
 * cipher's base64url text token: the text was a third larger than its bytes, and a passport document is mostly these
 * envelopes, so every write copied, committed and read back that third again, and every read decoded it (ADR 0008,
 * amended 2026-12-06, session 22). Envelopes written before as text tokens are read as they are, and written as bytes
 * on the resource's next write. Documents stored before the envelope (plain storage form) are read as they are and
 * sealed on their next write.
 */
final class AtRest {
    static final String FIELD = "_wpStored";
    private static final String PATH = "$stored";

    private final ElementCipher cipher;
    /** False: envelopes are written as text tokens, for earlier builds still reading the same store. */
    private final boolean asBytes;

    AtRest(ElementCipher cipher, boolean asBytes) {
        this.cipher = cipher;
        this.asBytes = asBytes;
    }

    /** The stored form of a rendered resource: its type and id, and the sealed rest. */
    Document seal(String residentId, String type, String id, String json) {
        ElementContext context = new ElementContext(residentId, type, id, PATH);
        byte[] plain = json.getBytes(StandardCharsets.UTF_8);
        Object envelope = asBytes ? new Binary(cipher.encryptToBytes(context, plain)) : cipher.encrypt(context, plain);
        return new Document("resourceType", type).append("id", id).append(FIELD, envelope);
    }

    /** The resource's JSON from its stored form. */
    String json(String residentId, String type, String id, Document stored) {
        Object envelope = stored.get(FIELD);
        byte[] plain;
        if (envelope instanceof Binary b && b.getType() == BsonBinarySubType.BINARY.getValue()) {
            plain = open(residentId, type, id, b.getData(), null);
        } else if (envelope instanceof String t) {
            plain = open(residentId, type, id, null, t);
        } else if (envelope == null) {
            return StorageForm.toJson(stored);
        } else {
            throw unreadable(type, id);
        }
        return plain == null ? Fhir.write(erased(type, id)) : new String(plain, StandardCharsets.UTF_8);
    }

    /** The resource as a tree from its stored form, read straight from the BSON bytes. */
    ObjectNode tree(String residentId, String type, String id, BsonDocument stored) {
        BsonValue envelope = stored.get(FIELD);
        byte[] plain;
        if (envelope != null && envelope.isBinary()
                && envelope.asBinary().getType() == BsonBinarySubType.BINARY.getValue()) {
            plain = open(residentId, type, id, envelope.asBinary().getData(), null);
        } else if (envelope != null && envelope.isString()) {
            plain = open(residentId, type, id, null, envelope.asString().getValue());
        } else if (envelope == null) {
            return StorageForm.toTree(stored);
        } else {
            throw unreadable(type, id);
        }
        return plain == null ? erased(type, id) : Fhir.tree(plain);
    }

    /** An envelope of neither stored form: never guessed at, never served. */
    private static IllegalStateException unreadable(String type, String id) {
        return new IllegalStateException("a stored resource " + type + "/" + id + " has an envelope of no known form");
    }

    /**
     * The plaintext of an envelope kept as bytes ({@code sealed}) or as an earlier text token ({@code token}), or null
     * when the resident's key was destroyed (erasure) or retired.
     */
    private byte[] open(String residentId, String type, String id, byte[] sealed, String token) {
        ElementContext context = new ElementContext(residentId, type, id, PATH);
        try {
            return sealed != null ? cipher.decryptBytes(context, sealed) : cipher.decrypt(context, token);
        } catch (KeyDestroyedException | KeyRetiredException e) {
            return null;
        } catch (DecryptionFailedException e) {
            // altered or misplaced: never serve garbage, never serve the resource
            throw new IllegalStateException("a stored resource " + type + "/" + id + " failed its integrity check");
        }
    }

    /** What is left of a resource whose key was destroyed: its type and id, no content. */
    private static ObjectNode erased(String type, String id) {
        ObjectNode n = Fhir.json().createObjectNode();
        n.put("resourceType", type);
        n.put("id", id);
        return n;
    }
}
