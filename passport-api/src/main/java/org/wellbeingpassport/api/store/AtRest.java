package org.wellbeingpassport.api.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
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
 * Documents stored before this envelope (plain storage form) are read as they are and sealed on their next write.
 */
final class AtRest {
    static final String FIELD = "_wpStored";
    private static final String PATH = "$stored";

    private final ElementCipher cipher;

    AtRest(ElementCipher cipher) {
        this.cipher = cipher;
    }

    /** The stored form of a rendered resource: its type and id, and the sealed rest. */
    Document seal(String residentId, String type, String id, String json) {
        String token = cipher.encrypt(new ElementContext(residentId, type, id, PATH),
                json.getBytes(StandardCharsets.UTF_8));
        return new Document("resourceType", type).append("id", id).append(FIELD, token);
    }

    /** The resource's JSON from its stored form. */
    String json(String residentId, String type, String id, Document stored) {
        Object token = stored.get(FIELD);
        if (token instanceof String t) {
            byte[] plain = open(residentId, type, id, t);
            return plain == null ? Fhir.write(erased(type, id)) : new String(plain, StandardCharsets.UTF_8);
        }
        return StorageForm.toJson(stored);
    }

    /** The resource as a tree from its stored form, read straight from the BSON bytes. */
    ObjectNode tree(String residentId, String type, String id, BsonDocument stored) {
        BsonValue token = stored.get(FIELD);
        if (token != null && token.isString()) {
            byte[] plain = open(residentId, type, id, token.asString().getValue());
            return plain == null ? erased(type, id) : Fhir.tree(plain);
        }
        return StorageForm.toTree(stored);
    }

    /** The plaintext, or null when the resident's key was destroyed (erasure) or retired. */
    private byte[] open(String residentId, String type, String id, String token) {
        try {
            return cipher.decrypt(new ElementContext(residentId, type, id, PATH), token);
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
