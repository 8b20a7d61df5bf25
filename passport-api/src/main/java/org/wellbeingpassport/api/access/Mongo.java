package org.wellbeingpassport.api.access;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

/** The one storage idiom of the access flows: claim by inserting a document with a unique key. */
final class Mongo {
    private Mongo() {
    }

    /** Inserts; false when the _id is taken (someone else claimed it first). */
    static boolean claim(MongoCollection<Document> collection, Document doc) {
        try {
            collection.insertOne(doc);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }
}
