package org.wellbeingpassport.fhir.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bson.BsonReader;
import org.bson.BsonWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;

/**
 * A BSON codec for Jackson object trees in the exact {@link StorageForm}. Register it with the
 * driver's codec registry and read a collection as {@code ObjectNode}: the driver then decodes the
 * wire bytes straight into the tree the redactor works on, with no Document in between.
 */
public final class FhirJsonCodec implements Codec<ObjectNode> {
    @Override
    public ObjectNode decode(BsonReader reader, DecoderContext decoderContext) {
        return StorageForm.readTree(reader);
    }

    @Override
    public void encode(BsonWriter writer, ObjectNode value, EncoderContext encoderContext) {
        StorageForm.writeTree(writer, value);
    }

    @Override
    public Class<ObjectNode> getEncoderClass() {
        return ObjectNode.class;
    }
}
