package org.wellbeingpassport.api.passport;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
    /**
     * One resource to send: its unsealed, redacted tree, or (null) to go as {@code source} stored it; or, in a kept
     * evaluation ({@link #kept()}), the bytes that tree was written to ({@code written}, with no tree).
     */
    record Sent(String fullUrl, ObjectNode tree, PreparedPassport.Resource source, byte[] written) {
        Sent(String fullUrl, ObjectNode tree, PreparedPassport.Resource source) {
            this(fullUrl, tree, source, null);
        }

        byte[] bytes() {
            if (written != null) {
                return written;
            }
            return tree != null ? Fhir.writeBytes(tree) : source.stored();
        }

        /** A tree of its own for the caller (a kept evaluation's trees are never shared between reads). */
        ObjectNode resource() {
            if (written != null) {
                return Fhir.tree(written);
            }
            return tree != null ? tree : source.freshTree();
        }

        boolean asStored() {
            return tree == null && written == null;
        }
    }

    private final List<Sent> sent;
    private final List<String> resources;
    private final List<String> disclosed;
    private final List<String> withheld;
    private final List<Decision> decisions;
    private final CompiledPolicy policy;
    private final boolean kept;
    private ArrayNode entries;
    /** {@link #disclosedAsAudited()}, made on first call (a kept evaluation is shared between reads). */
    private volatile List<String> audited;

    Evaluation(List<Sent> sent, List<String> resources, List<String> disclosed, List<String> withheld,
            List<Decision> decisions, CompiledPolicy policy) {
        this(sent, resources, disclosed, withheld, decisions, policy, false);
    }

    private Evaluation(List<Sent> sent, List<String> resources, List<String> disclosed, List<String> withheld,
            List<Decision> decisions, CompiledPolicy policy, boolean kept) {
        this.sent = List.copyOf(sent);
        this.resources = List.copyOf(resources);
        this.disclosed = List.copyOf(disclosed);
        this.withheld = List.copyOf(withheld);
        this.decisions = List.copyOf(decisions);
        this.policy = policy;
        this.kept = kept;
    }

    /**
     * This evaluation made fit to be shared between reads ({@link DecidedDisclosures}): every redacted or unsealed
     * tree written to bytes once (the same bytes {@link #bundle} would write), no tree kept, so that no read can
     * change what another is sent; {@link #entries()} then gives each caller trees of its own. No decisions (an
     * explanation is never kept).
     */
    Evaluation kept() {
        List<Sent> out = new java.util.ArrayList<>(sent.size());
        for (Sent s : sent) {
            out.add(s.tree() == null ? s : new Sent(s.fullUrl(), null, s.source(), Fhir.writeBytes(s.tree())));
        }
        return new Evaluation(out, resources, disclosed, withheld, List.of(), policy, true);
    }

    /** Bytes held beyond the prepared passport's own (the written trees), for the kept disclosures' bound. */
    long weightBytes() {
        long w = 256;
        for (Sent s : sent) {
            w += 64 + s.fullUrl().length() + (s.written() == null ? 0 : s.written().length);
        }
        for (List<String> l : List.of(resources, disclosed, withheld)) {
            for (String x : l) {
                w += 48 + x.length();
            }
        }
        return w;
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
        return (int) sent.stream().filter(Sent::asStored).count();
    }

    /**
     * The Bundle entries ({@code fullUrl}, {@code resource}) as trees, made on first call; for a kept evaluation,
     * made afresh on every call (it is shared between reads, its trees never are).
     */
    public ArrayNode entries() {
        if (kept) {
            return trees();
        }
        synchronized (this) {
            if (entries == null) {
                entries = trees();
            }
            return entries;
        }
    }

    private ArrayNode trees() {
        ArrayNode made = Fhir.json().createArrayNode();
        for (Sent s : sent) {
            ObjectNode e = made.addObject();
            e.put("fullUrl", s.fullUrl());
            e.set("resource", s.resource());
        }
        return made;
    }

    /**
     * The collection Bundle to send, as bytes: {@code resourceType}, {@code type}, {@code timestamp}, then the
     * entries, written exactly as Fhir.writeBytes would write the same Bundle tree.
     */
    public byte[] bundle(String timestamp) {
        Joined out = new Joined(sent.size() * 5 + 4);
        out.add(BUNDLE_HEAD);
        out.add(quoted(timestamp));
        out.add(ENTRIES);
        for (int i = 0; i < sent.size(); i++) {
            Sent s = sent.get(i);
            out.add(i == 0 ? FIRST_ENTRY : NEXT_ENTRY);
            out.add(quoted(s.fullUrl()));
            out.add(RESOURCE);
            out.add(s.bytes());
            out.add(CLOSE_ENTRY);
        }
        out.add(CLOSE_BUNDLE);
        return out.bytes();
    }

    /**
     * A Bundle of these resources as bytes, for a caller that writes its own Bundle around them: {@code head} (the
     * Bundle's members before its entries, as JSON text ending with {@code "entry":[}), then for each resource sent
     * {@code {"fullUrl":"BASE/Type/id","resource":...}} with {@code entryTail} (further members of the entry, each
     * led by a comma, or "") before its closing brace, then {@code ]}}. Resources sent as stored are copied as their
     * stored bytes (no tree is made); the result is what Fhir.writeBytes gives for the same Bundle tree.
     */
    public byte[] bundle(String head, String fullUrlBase, String entryTail) {
        Joined out = new Joined(sent.size() * 6 + 2);
        out.add(head.getBytes(StandardCharsets.UTF_8));
        byte[] tail = entryTail.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < sent.size(); i++) {
            Sent s = sent.get(i);
            out.add(i == 0 ? FIRST_ENTRY : NEXT_ENTRY);
            out.add(quoted(fullUrlBase + "/" + s.source().ref()));
            out.add(RESOURCE);
            out.add(s.bytes());
            out.add(tail);
            out.add(CLOSE_ENTRY);
        }
        out.add(CLOSE_BUNDLE);
        return out.bytes();
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

    /**
     * What the audit entry lists as disclosed: {@link #disclosed()} without any anchor a withheld path falls under
     * ({@link #uncovered}). Made once per evaluation: a kept one is shared by every read that is decided the same way.
     */
    public List<String> disclosedAsAudited() {
        List<String> a = audited;
        if (a == null) {
            a = uncovered(disclosed, withheld);
            audited = a;
        }
        return a;
    }

    /**
     * The anchors (in order, each once) that no withheld path falls under: a path falls under an anchor when it is
     * the anchor or goes on from it with {@code .} or {@code [} (a section any part of which was withheld is not
     * listed: the entry never overstates what was seen, so disclosed and withheld are disjoint). Every anchor a path
     * falls under is one of its prefixes ending before a {@code .} or {@code [}, so those are gathered once and each
     * anchor is looked up, instead of each anchor being compared with every path.
     */
    public static List<String> uncovered(List<String> anchors, List<String> withheld) {
        Set<String> covered = new HashSet<>();
        for (String w : withheld) {
            covered.add(w);
            for (int i = 0; i < w.length(); i++) {
                char c = w.charAt(i);
                if (c == '.' || c == '[') {
                    covered.add(w.substring(0, i));
                }
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (String a : anchors) {
            if (!covered.contains(a)) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    public List<Decision> decisions() {
        return decisions;
    }

    /** The policy the decision was made with (for a kept evaluation: that of the read that first made it). */
    public CompiledPolicy policy() {
        return policy;
    }

    private static final byte[] BUNDLE_HEAD = ascii(
            "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"timestamp\":");
    private static final byte[] ENTRIES = ascii(",\"entry\":[");
    private static final byte[] FIRST_ENTRY = ascii("{\"fullUrl\":");
    private static final byte[] NEXT_ENTRY = ascii(",{\"fullUrl\":");
    private static final byte[] RESOURCE = ascii(",\"resource\":");
    private static final byte[] CLOSE_ENTRY = ascii("}");
    private static final byte[] CLOSE_BUNDLE = ascii("]}");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A JSON string: the text escaped as Jackson escapes it, in quotes. */
    private static byte[] quoted(String s) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(s);
        byte[] q = new byte[escaped.length + 2];
        q[0] = '"';
        System.arraycopy(escaped, 0, q, 1, escaped.length);
        q[q.length - 1] = '"';
        return q;
    }

    /**
     * Pieces of a response joined into one array of exactly their length: a read's Bundle is tens of kilobytes, and a
     * growing buffer then a copy of it (as with ByteArrayOutputStream) allocated it twice for every read.
     */
    private static final class Joined {
        private final List<byte[]> pieces;
        private int length;

        Joined(int expected) {
            pieces = new ArrayList<>(expected);
        }

        void add(byte[] piece) {
            pieces.add(piece);
            length = Math.addExact(length, piece.length);
        }

        byte[] bytes() {
            byte[] all = new byte[length];
            int at = 0;
            for (byte[] piece : pieces) {
                System.arraycopy(piece, 0, all, at, piece.length);
                at += piece.length;
            }
            return all;
        }
    }
}
