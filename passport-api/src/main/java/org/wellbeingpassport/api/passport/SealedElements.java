package org.wellbeingpassport.api.passport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.inject.Singleton;
import java.util.Iterator;
import java.util.Map;
import org.wellbeingpassport.api.store.VersionedRenderer;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.codes.SecurityLabels;
import org.wellbeingpassport.fhir.path.ResourceItems;
import org.wellbeingpassport.keys.ElementCipher;
import org.wellbeingpassport.keys.ElementContext;
import org.wellbeingpassport.keys.KeyHierarchy;
import org.wellbeingpassport.keys.KeysException;

/**
 * Encryption at rest of what is sensitive in a resource, under the resident's own data key (keys/), bound to
 * resident, resource and place:
 * <ul>
 * <li>a resource labelled with a sensitive category (meta.security): all its content but resourceType, id and meta
 * is sealed into one {@code _wpSealed} value;</li>
 * <li>an element carrying an inline (DS4P) sensitive label: the element is replaced by {@code {"_wpSealed": ...}};</li>
 * <li>the free text of story sections (Composition.section.text.div, nested sections too), and the resident's words
 * in a dispute (Task.description).</li>
 * </ul>
 * The stored form is therefore not FHIR until unsealed; nothing leaves the service sealed. Sealing again on every
 * write is what re-encrypts under a rotated data key.
 */
@Singleton
public final class SealedElements {
    static final String SEALED = "_wpSealed";
    private static final String WHOLE = "*";

    private final ElementCipher cipher;

    public SealedElements(KeyHierarchy keys) {
        this.cipher = keys.elements();
    }

    /**
     * How a new version of a resource is stored: a copy with {@code meta.versionId} and {@code meta.lastUpdated} set
     * for the version the store gives it, sealed under the resident's key.
     */
    public VersionedRenderer sealedVersion(String residentId, ObjectNode resource) {
        return (id, version, at) -> {
            ObjectNode copy = resource.deepCopy();
            PassportImporter.stamp(copy, version, at);
            return Fhir.write(seal(residentId, copy));
        };
    }

    /** Seals in place; returns the same tree. */
    public ObjectNode seal(String residentId, ObjectNode resource) {
        String type = resource.path("resourceType").asText();
        String id = resource.path("id").asText("");
        if (!ResourceItems.categories(resource).isEmpty()) {
            ObjectNode content = Fhir.json().createObjectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (!isFrame(f.getKey())) {
                    content.set(f.getKey(), f.getValue());
                    fields.remove();
                }
            }
            resource.put(SEALED,
                    cipher.encrypt(new ElementContext(residentId, type, id, WHOLE), Fhir.writeBytes(content)));
            return resource;
        }
        sealInside(residentId, type, id, resource, "");
        return resource;
    }

    /** Unseals in place. An element whose key was destroyed (erasure) is left out; a sealed resource then has no content. */
    public ObjectNode unseal(String residentId, ObjectNode resource) {
        String type = resource.path("resourceType").asText();
        String id = resource.path("id").asText("");
        JsonNode whole = resource.remove(SEALED);
        if (whole != null) {
            byte[] plain = decrypt(residentId, type, id, WHOLE, whole.asText());
            if (plain != null) {
                resource.setAll(Fhir.tree(plain));
            }
            return resource;
        }
        unsealInside(residentId, type, id, resource, "");
        return resource;
    }

    private void sealInside(String rid, String type, String id, JsonNode node, String pointer) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String at = pointer + "/" + f.getKey();
                JsonNode value = f.getValue();
                if (value.isObject() && hasSensitiveInlineLabel(value)) {
                    f.setValue(sealedObject(rid, type, id, at, value));
                } else if (value.isTextual()
                        && (isStoryText(f.getKey(), pointer) || isDisputeWords(type, f.getKey(), pointer))) {
                    f.setValue(TextNode
                            .valueOf(cipher.encryptString(new ElementContext(rid, type, id, at), value.asText())));
                } else {
                    sealInside(rid, type, id, value, at);
                }
            }
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                String at = pointer + "/" + i;
                if (value.isObject() && hasSensitiveInlineLabel(value)) {
                    array.set(i, sealedObject(rid, type, id, at, value));
                } else {
                    sealInside(rid, type, id, value, at);
                }
            }
        }
    }

    private void unsealInside(String rid, String type, String id, JsonNode node, String pointer) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String at = pointer + "/" + f.getKey();
                JsonNode value = f.getValue();
                if (value.isObject() && value.has(SEALED)) {
                    byte[] plain = decrypt(rid, type, id, at, value.get(SEALED).asText());
                    if (plain == null) {
                        fields.remove();
                    } else {
                        f.setValue(Fhir.tree(plain));
                    }
                } else if (value.isTextual() && ElementCipher.isToken(value.asText())) {
                    byte[] plain = decrypt(rid, type, id, at, value.asText());
                    f.setValue(TextNode.valueOf(plain == null
                            ? "<div xmlns=\"http://www.w3.org/1999/xhtml\">This text was erased.</div>"
                            : new String(plain, java.nio.charset.StandardCharsets.UTF_8)));
                } else {
                    unsealInside(rid, type, id, value, at);
                }
            }
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = array.size() - 1; i >= 0; i--) {
                JsonNode value = array.get(i);
                String at = pointer + "/" + i;
                if (value.isObject() && value.has(SEALED)) {
                    byte[] plain = decrypt(rid, type, id, at, value.get(SEALED).asText());
                    if (plain == null) {
                        array.remove(i);
                    } else {
                        array.set(i, Fhir.tree(plain));
                    }
                } else {
                    unsealInside(rid, type, id, value, at);
                }
            }
        }
    }

    private ObjectNode sealedObject(String rid, String type, String id, String at, JsonNode value) {
        ObjectNode sealed = Fhir.json().createObjectNode();
        sealed.put(SEALED, cipher.encrypt(new ElementContext(rid, type, id, at), Fhir.writeBytes(value)));
        return sealed;
    }

    /** The plaintext, or null when the resident's key was destroyed (erasure) or the key retired. */
    private byte[] decrypt(String rid, String type, String id, String at, String token) {
        try {
            return cipher.decrypt(new ElementContext(rid, type, id, at), token);
        } catch (org.wellbeingpassport.keys.KeyDestroyedException | org.wellbeingpassport.keys.KeyRetiredException e) {
            return null;
        } catch (KeysException e) {
            // altered or misplaced ciphertext: never serve garbage, never serve the element
            throw new SealedElementException("a sealed element of " + type + "/" + id + " failed its integrity check");
        }
    }

    /** The free text of a story section (Composition.section.text.div, nested sections too). */
    private static boolean isStoryText(String field, String pointer) {
        return field.equals("div") && pointer.endsWith("/text") && pointer.contains("/section/");
    }

    /**
     * Words about a correction (the resident's request or disagreement in Task.description, the author's answer in
     * Task.output and notes, either side's messages in Communication.payload).
     */
    private static boolean isDisputeWords(String type, String field, String pointer) {
        if (type.equals("Task")) {
            return (pointer.isEmpty() && field.equals("description"))
                    || (field.equals("valueString") && pointer.matches("/output/\\d+"))
                    || (field.equals("text") && pointer.matches("/note/\\d+"));
        }
        return type.equals("Communication") && field.equals("contentString") && pointer.matches("/payload/\\d+");
    }

    private static boolean isFrame(String field) {
        return field.equals("resourceType") || field.equals("id") || field.equals("meta");
    }

    private static boolean hasSensitiveInlineLabel(JsonNode element) {
        for (JsonNode x : element.path("extension")) {
            if (CodeSystems.EXT_INLINE_SECURITY_LABEL.equals(x.path("url").asText())) {
                JsonNode coding = x.path("valueCoding");
                if (SecurityLabels.category(coding.path("system").asText(), coding.path("code").asText()).isPresent()) {
                    return true;
                }
            }
        }
        return false;
    }
}
