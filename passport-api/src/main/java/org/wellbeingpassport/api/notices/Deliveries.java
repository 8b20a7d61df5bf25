package org.wellbeingpassport.api.notices;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Updates;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerShutdownEvent;
import jakarta.annotation.PreDestroy;
import io.micronaut.context.annotation.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.fhir.Fhir;

/**
 * At-least-once delivery of notices to partner systems' rest-hook endpoints. Each notice is one document in
 * {@code notice_deliveries} ({@code _id} = subscription and notice key, so the same notice is queued once), holding
 * ids only: the subscription, the topic, the focus reference and the event number, never content. A background worker
 * claims due documents with a compare-and-set on their version ({@code v}) and a lease, posts the backport's id-only
 * notification Bundle, and records the attempt in the document's delivery log; a failure (no answer, or not 2xx) is
 * retried with exponential backoff up to {@code passport.notices.max-backoff}. An expired lease (an instance that
 * died mid-send) makes the document due again: a receiver may see a notice twice, never none.
 */
@Context // the worker runs from start-up: notices queued before a restart are delivered after it
public final class Deliveries implements ApplicationEventListener<ServerShutdownEvent> {
    static final String COLLECTION = "notice_deliveries";
    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    private static final int LOG_KEEP = 20;

    private final MongoCollection<Document> queue;
    private final Subscriptions subscriptions;
    private final String publicUrl;
    private final Duration backoff;
    private final Duration maxBackoff;
    private final Duration lease = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ScheduledExecutorService worker;
    private final AtomicBoolean running = new AtomicBoolean(false);

    public Deliveries(MongoStore store, Subscriptions subscriptions,
            @Value("${passport.public-url:`http://localhost:8080`}") String publicUrl,
            @Value("${passport.notices.backoff:500ms}") Duration backoff,
            @Value("${passport.notices.max-backoff:60s}") Duration maxBackoff,
            @Value("${passport.notices.poll:200ms}") Duration poll) {
        this.queue = store.database().getCollection(COLLECTION);
        this.subscriptions = subscriptions;
        this.publicUrl = publicUrl.replaceAll("/$", "");
        this.backoff = backoff;
        this.maxBackoff = maxBackoff;
        try {
            queue.createIndex(Indexes.ascending("status", "next"), new IndexOptions().name("due"));
            queue.createIndex(Indexes.ascending("sub", "created"), new IndexOptions().name("by_subscription"));
        } catch (RuntimeException e) {
            LOG.warn("notice delivery indexes not created ({})", e.getClass().getSimpleName());
        }
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "notice-deliveries");
            t.setDaemon(true);
            return t;
        });
        worker.scheduleWithFixedDelay(this::drainQuietly, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Queues a notice for a subscription; false when that notice was queued already (exactly once per key). */
    boolean enqueue(Subscriptions.Subscription s, String key, String focus, Instant at) {
        long event = subscriptions.nextEvent(s.id());
        Document d = new Document("_id", s.id() + ":" + key).append("sub", s.id()).append("owner", s.owner())
                .append("endpoint", s.endpoint()).append("topic", s.topic().code()).append("focus", focus)
                .append("event", event).append("status", "pending").append("attempts", 0).append("next", Date.from(at))
                .append("created", Date.from(at)).append("v", 0L).append("log", List.of());
        try {
            queue.insertOne(d);
            worker.execute(this::drainQuietly); // deliver now, not at the next poll
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** The delivery log of one subscription, oldest first (ids, statuses and HTTP codes only). */
    public List<Map<String, Object>> log(String subscriptionId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Document d : queue.find(eq("sub", subscriptionId))) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("event", d.get("event"));
            m.put("topic", Topics.BASE + d.getString("topic"));
            m.put("focus", d.getString("focus"));
            m.put("status", d.getString("status"));
            m.put("attempts", d.get("attempts"));
            m.put("queued", d.getDate("created").toInstant().toString());
            List<Map<String, Object>> attempts = new ArrayList<>();
            for (Document a : d.getList("log", Document.class, List.of())) {
                Map<String, Object> x = new java.util.LinkedHashMap<>();
                x.put("at", a.getDate("at").toInstant().toString());
                x.put("outcome", a.getString("outcome"));
                if (a.containsKey("http")) {
                    x.put("http", a.get("http"));
                }
                attempts.add(x);
            }
            m.put("log", attempts);
            out.add(m);
        }
        out.sort((a, b) -> Long.compare(((Number) a.get("event")).longValue(), ((Number) b.get("event")).longValue()));
        return out;
    }

    /** Counts by status for one subscription (for $status). */
    long count(String subscriptionId, String status) {
        return queue.countDocuments(and(eq("sub", subscriptionId), eq("status", status)));
    }

    private void drainQuietly() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            drain();
        } catch (RuntimeException e) {
            LOG.warn("notice delivery round failed ({})", e.getClass().getSimpleName());
        } finally {
            running.set(false);
        }
    }

    /** One round: every due notice is claimed (CAS on v), sent, and its outcome recorded (CAS on the claim). */
    void drain() {
        Date now = new Date();
        List<Document> due = new ArrayList<>();
        queue.find(or(and(eq("status", "pending"), lte("next", now)), and(eq("status", "sending"), lte("lease", now))))
                .limit(50).into(due);
        for (Document d : due) {
            long v = ((Number) d.get("v")).longValue();
            String claim = UUID.randomUUID().toString();
            Instant at = Instant.now();
            boolean mine = queue
                    .updateOne(and(eq("_id", d.get("_id")), eq("v", v)),
                            Updates.combine(Updates.set("status", "sending"), Updates.set("v", v + 1),
                                    Updates.set("claim", claim), Updates.set("lease", Date.from(at.plus(lease)))))
                    .getModifiedCount() == 1;
            if (mine) {
                send(d, v + 1, at);
            }
        }
    }

    private void send(Document d, long claimed, Instant at) {
        int status = -1;
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(d.getString("endpoint"))).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Fhir.writeBytes(notification(d, at)))).build();
            status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
        } catch (IllegalArgumentException e) {
            status = -2;
        }
        boolean ok = status >= 200 && status < 300;
        int attempts = ((Number) d.get("attempts")).intValue() + 1;
        Document entry = new Document("at", Date.from(at)).append("outcome", ok ? "delivered" : "failed");
        if (status > 0) {
            entry.append("http", status);
        }
        Duration wait = backoff.multipliedBy(1L << Math.min(attempts - 1, 20));
        if (wait.compareTo(maxBackoff) > 0) {
            wait = maxBackoff;
        }
        queue.updateOne(and(eq("_id", d.get("_id")), eq("v", claimed)),
                Updates.combine(Updates.set("status", ok ? "delivered" : (status == -2 ? "failed" : "pending")),
                        Updates.set("v", claimed + 1), Updates.set("attempts", attempts),
                        Updates.set("next", Date.from(Instant.now().plus(wait))),
                        Updates.pushEach("log", List.of(entry), new PushOptions().slice(-LOG_KEEP))));
    }

    /**
     * The R4 backport's notification Bundle with id-only content: a SubscriptionStatus (Parameters) naming the
     * subscription, its topic, the event number and the focus reference; no resource of the record.
     */
    ObjectNode notification(Document d, Instant at) {
        String sub = d.getString("sub");
        ObjectNode bundle = Fhir.json().createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("id", UUID.randomUUID().toString());
        bundle.putObject("meta").putArray("profile").add(
                "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-notification-r4");
        bundle.put("type", "history");
        bundle.put("timestamp", at.toString());
        ArrayNode entries = bundle.putArray("entry");
        ObjectNode e = entries.addObject();
        e.put("fullUrl", "urn:uuid:" + UUID.randomUUID());
        ObjectNode status = e.putObject("resource");
        status.put("resourceType", "Parameters");
        status.put("id", UUID.randomUUID().toString());
        status.putObject("meta").putArray("profile").add(
                "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4");
        ArrayNode p = status.putArray("parameter");
        p.addObject().put("name", "subscription").putObject("valueReference").put("reference",
                publicUrl + "/fhir/Subscription/" + sub);
        p.addObject().put("name", "topic").put("valueCanonical", Topics.BASE + d.getString("topic"));
        p.addObject().put("name", "status").put("valueCode", "active");
        p.addObject().put("name", "type").put("valueCode", "event-notification");
        p.addObject().put("name", "events-since-subscription-start").put("valueString",
                String.valueOf(subscriptions.events(sub)));
        ObjectNode event = p.addObject().put("name", "notification-event");
        ArrayNode parts = event.putArray("part");
        parts.addObject().put("name", "event-number").put("valueString", String.valueOf(d.get("event")));
        parts.addObject().put("name", "timestamp").put("valueInstant", d.getDate("created").toInstant().toString());
        parts.addObject().put("name", "focus").putObject("valueReference").put("reference", d.getString("focus"));
        e.putObject("request").put("method", "GET").put("url", "Subscription/" + sub + "/$status");
        e.putObject("response").put("status", "200");
        return bundle;
    }

    @Override
    public void onApplicationEvent(ServerShutdownEvent event) {
        close();
    }

    @PreDestroy
    void close() {
        worker.shutdownNow();
    }
}
