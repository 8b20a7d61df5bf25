package org.wellbeingpassport.api.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk store's format (ADR 0008, amended 2026-12-03 "store format v2"). Format 1 is mongo-java-server's H2
 * backend as shipped: every map opened with H2's default type, which compares keys that are not {@code Comparable}
 * (index keys, documents' {@code _id}s that are documents) by Java-serialising both at every B-tree step, and stores
 * documents by Java serialisation. Format 2 opens the data and index maps with {@link StoreKeyType} and
 * {@link StoreValueType}. A store says which it is in a small map ({@value #MARKER_MAP}, {@code version: 2}); H2 does
 * not record a map's types, so the marker is what says how to read the file.
 *
 * <p>
 * {@link #prepare(MVStore)} runs on a freshly opened store before anything else opens a map: an empty store gets the
 * marker; a store without it that has data (format 1) is migrated: every data and index map is copied into a staged
 * map of the new types ({@value #STAGING}name, committed in batches), then in <b>one</b> commit the old maps are
 * removed, the staged ones take their names and the marker is written. A crash before that commit leaves the old maps
 * and no marker (what was staged is dropped and copied again at the next start); after it, the store is format 2. The
 * store must be opened with H2's implicit commits off ({@code autoCommitBufferSize 0}), so nothing is written between
 * the explicit commits.
 */
public final class StoreFormat {
    private static final Logger LOG = LoggerFactory.getLogger(StoreFormat.class);

    static final String MARKER_MAP = "store.format";
    static final String VERSION_KEY = "version";
    static final int VERSION = 2;
    static final String STAGING = "store.format.staging.";
    private static final String DATA_PREFIX = "databases.";
    private static final String INDEX_INFIX = "._index_";
    private static final int BATCH = 2_000;
    private static final long PROGRESS_EVERY_MS = 3_000;

    /** What {@link #prepare} found and did. */
    enum Outcome {
        /** The store was format 2 already. */
        CURRENT,
        /** An empty store, marked format 2. */
        CREATED,
        /** A format 1 store, migrated to format 2. */
        MIGRATED
    }

    /** Stops a migration after this many maps (tests only: a crash mid-migration); negative never. */
    static volatile int stopAfterMapsForTest = -1;

    private StoreFormat() {
    }

    /** Data maps ({@code databases.<db>.<collection>}) and unique indexes' maps ({@code <db>.<coll>._index_<name>}). */
    static boolean isFormatted(String mapName) {
        return mapName.startsWith(DATA_PREFIX)
                || !mapName.startsWith("meta.") && !mapName.startsWith(MARKER_MAP) && mapName.contains(INDEX_INFIX);
    }

    static MVMap.Builder<Object, Object> builder() {
        return new MVMap.Builder<Object, Object>().keyType(StoreKeyType.INSTANCE).valueType(new StoreValueType());
    }

    /** Opens (or creates) a data or index map with the format 2 types; H2 hands the same map to later openers. */
    static MVMap<Object, Object> open(MVStore mv, String name) {
        return mv.openMap(name, builder());
    }

    /** Brings a freshly opened store to format 2 (see the class comment) and says so in the log. */
    static Outcome prepare(MVStore mv) {
        MVMap<String, Object> marker = mv.openMap(MARKER_MAP);
        Object version = marker.get(VERSION_KEY);
        if (version != null) {
            if (((Number) version).intValue() != VERSION) {
                throw new IllegalStateException(
                        "the store's format " + version + " is not one this build reads (" + VERSION + ")");
            }
            LOG.info("Store format: {} (BSON documents, native key order)", VERSION);
            return Outcome.CURRENT;
        }
        for (String name : List.copyOf(mv.getMapNames())) {
            if (name.startsWith(STAGING)) {
                mv.removeMap(name); // an earlier migration that did not finish: its copies are redone
            }
        }
        List<String> maps = new ArrayList<>();
        for (String name : mv.getMapNames()) {
            if (isFormatted(name)) {
                maps.add(name);
            }
        }
        maps.sort(null);
        if (maps.isEmpty()) {
            marker.put(VERSION_KEY, VERSION);
            mv.commit();
            LOG.info("Store format: {}, new store", VERSION);
            return Outcome.CREATED;
        }
        migrate(mv, maps, marker);
        return Outcome.MIGRATED;
    }

    private static void migrate(MVStore mv, List<String> maps, MVMap<String, Object> marker) {
        long t0 = System.nanoTime();
        long total = 0;
        for (String name : maps) {
            total += mv.openMap(name).sizeAsLong();
        }
        LOG.info("Store format: migrating a format 1 store to format {}: {} maps, {} entries (the old maps stay until"
                + " the last step, so a stop or crash before it loses nothing and the next start does it again)",
                VERSION, maps.size(), total);
        long copied = 0;
        long lastLog = System.nanoTime();
        List<MVMap<Object, Object>> staged = new ArrayList<>();
        for (int m = 0; m < maps.size(); m++) {
            if (m == stopAfterMapsForTest) {
                throw new IllegalStateException("migration stopped after " + m + " maps (test)");
            }
            String name = maps.get(m);
            MVMap<Object, Object> old = mv.openMap(name);
            MVMap<Object, Object> copy = open(mv, STAGING + name);
            long inMap = 0;
            for (var e : old.entrySet()) {
                if (copy.put(e.getKey(), e.getValue()) != null) {
                    // two keys the old format held apart are one key now: stop rather than lose a document
                    throw new IllegalStateException("Store format: two keys of " + name + " are equal in format "
                            + VERSION + "; the store is left in format 1");
                }
                copied++;
                if (++inMap % BATCH == 0) {
                    mv.commit(); // staged copies only; bounds what is held in memory
                }
                if (System.nanoTime() - lastLog > PROGRESS_EVERY_MS * 1_000_000) {
                    lastLog = System.nanoTime();
                    LOG.info("Store format: migrating, map {} of {}, {} of {} entries", m + 1, maps.size(), copied,
                            total);
                }
            }
            if (copy.sizeAsLong() != old.sizeAsLong()) {
                throw new IllegalStateException("Store format: " + name + " copied " + copy.sizeAsLong() + " of "
                        + old.sizeAsLong() + " entries; the store is left in format 1");
            }
            staged.add(copy);
            mv.commit();
        }
        // the switch: one commit removes the old maps, names the staged ones and writes the marker
        for (int m = 0; m < maps.size(); m++) {
            mv.removeMap(maps.get(m));
            mv.renameMap(staged.get(m), maps.get(m));
        }
        marker.put(VERSION_KEY, VERSION);
        mv.commit();
        LOG.info("Store format: migrated to format {}: {} maps, {} entries in {} ms", VERSION, maps.size(), copied,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** Opens a store with what {@link #prepare} needs: no commits but the explicit ones. */
    static MVStore openStore(Path file, int cacheMb) {
        return new MVStore.Builder().fileName(file.toString()).cacheSize(cacheMb).autoCommitDisabled()
                .autoCommitBufferSize(0).open();
    }

    /**
     * Offline: brings each store file given to format 2 (bench/compact-store runs it before compacting). Never while a
     * server uses the file.
     */
    public static void main(String[] args) {
        for (String file : args) {
            MVStore mv = openStore(Path.of(file), 256);
            try {
                System.out.println(file + ": " + prepare(mv));
            } finally {
                mv.close();
            }
        }
    }
}
