package org.wellbeingpassport.api.passport;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.wellbeingpassport.consent.CompiledPolicy;
import org.wellbeingpassport.consent.Decision;
import org.wellbeingpassport.fhir.Fhir;

/**
 * The outcome of applying a request to a passport: what is to be sent, what was disclosed and withheld (paths, for
 * the audit trail), and (when asked) every decision with its reasons.
 *
 * <p>
 * A resource sent exactly as stored (nothing withheld, nothing sealed, no dispute to attach, no reference to remove)
 * is kept as its stored bytes and copied into the Bundle as it is: the same bytes a parse and a write would give.
 */
public final class Evaluation {
    /** One resource to send: its unsealed, redacted tree, or (null) to go as {@code source} stored it. */
    record Sent(String fullUrl, ObjectNode tree, PreparedPassport.Resource source) {
        byte[] bytes() {
            return tree != null ? Fhir.writeBytes(tree) : source.stored();
        }

        ObjectNode resource() {
            return tree != null ? tree : source.freshTree();
        }
    }

    private final List<Sent> sent;
    private final List<String> resources;
    private final List<String> disclosed;
    private final List<String> withheld;
    private final List<Decision> decisions;
    private final CompiledPolicy policy;
    private ArrayNode entries;

    Evaluation(List<Sent> sent, List<String> resources, List<String> disclosed, List<String> withheld,
            List<Decision> decisions, CompiledPolicy policy) {
        this.sent = List.copyOf(sent);
        this.resources = List.copyOf(resources);
        this.disclosed = List.copyOf(disclosed);
        this.withheld = List.copyOf(withheld);
        this.decisions = List.copyOf(decisions);
        this.policy = policy;
    }

    /** True when nothing at all is to be sent. */
    public boolean isEmpty() {
        return sent.isEmpty();
    }

    /** How many resources are sent. */
    public int size() {
        return sent.size();
    }

    /** How many resources go exactly as stored (no tree made for them). */
    int sentAsStored() {
        return (int) sent.stream().filter(s -> s.tree() == null).count();
    }

    /** The Bundle entries ({@code fullUrl}, {@code resource}) as trees, made on first call. */
    public synchronized ArrayNode entries() {
        if (entries == null) {
            entries = Fhir.json().createArrayNode();
            for (Sent s : sent) {
                ObjectNode e = entries.addObject();
                e.put("fullUrl", s.fullUrl());
                e.set("resource", s.resource());
            }
        }
        return entries;
    }

    /**
     * The collection Bundle to send, as bytes: {@code resourceType}, {@code type}, {@code timestamp}, then the
     * entries, written exactly as Fhir.writeBytes would write the same Bundle tree.
     */
    public byte[] bundle(String timestamp) {
        int size = 128;
        byte[][] parts = new byte[sent.size()][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = sent.get(i).bytes();
            size += parts[i].length + 96;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        ascii(out, "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"timestamp\":");
        string(out, timestamp);
        ascii(out, ",\"entry\":[");
        for (int i = 0; i < parts.length; i++) {
            ascii(out, i == 0 ? "{\"fullUrl\":" : ",{\"fullUrl\":");
            string(out, sent.get(i).fullUrl());
            ascii(out, ",\"resource\":");
            out.writeBytes(parts[i]);
            out.write('}');
        }
        ascii(out, "]}");
        return out.toByteArray();
    }

    /**
     * A Bundle of these resources as bytes, for a caller that writes its own Bundle around them: {@code head} (the
     * Bundle's members before its entries, as JSON text ending with {@code "entry":[}), then for each resource sent
     * {@code {"fullUrl":"BASE/Type/id","resource":...}} with {@code entryTail} (further members of the entry, each
     * led by a comma, or "") before its closing brace, then {@code ]}}. Resources sent as stored are copied as their
     * stored bytes (no tree is made); the result is what Fhir.writeBytes gives for the same Bundle tree.
     */
    public byte[] bundle(String head, String fullUrlBase, String entryTail) {
        int size = head.length() + 16;
        byte[][] parts = new byte[sent.size()][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = sent.get(i).bytes();
            size += parts[i].length + fullUrlBase.length() + entryTail.length() + 96;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        byte[] tail = entryTail.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < parts.length; i++) {
            ascii(out, i == 0 ? "{\"fullUrl\":" : ",{\"fullUrl\":");
            string(out, fullUrlBase + "/" + sent.get(i).source().ref());
            ascii(out, ",\"resource\":");
            out.writeBytes(parts[i]);
            out.writeBytes(tail);
            out.write('}');
        }
        ascii(out, "]}");
        return out.toByteArray();
    }

    public List<String> resources() {
        return resources;
    }

    public List<String> disclosed() {
        return disclosed;
    }

    public List<String> withheld() {
        return withheld;
    }

    public List<Decision> decisions() {
        return decisions;
    }

    public CompiledPolicy policy() {
        return policy;
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static void string(ByteArrayOutputStream out, String s) {
        out.write('"');
        out.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(s));
        out.write('"');
    }
}
