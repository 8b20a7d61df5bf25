package org.wellbeingpassport.api.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Path;
import java.util.function.Consumer;

/** A store file opened again (after a crash or a stop), looked at through a real client, then shut down. */
final class Reopened {
    private Reopened() {
    }

    static void look(Path file, Consumer<MongoClient> look) {
        MongoServer again = new MongoServer(DurableH2Backend.open(file, 16, false));
        try (MongoClient client = MongoClients.create("mongodb://" + StandInAddress.of(again))) {
            look.accept(client);
        } finally {
            again.shutdownNow();
        }
    }
}
