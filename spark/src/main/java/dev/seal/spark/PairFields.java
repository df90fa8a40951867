package dev.seal.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seal.data.Datasets;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * A Spark row as the JSON object of its fields, the form seal's table readers hand their row mapping (see
 * dev.seal.data.Datasets.Rows): strings, numbers, booleans and nulls as they are, arrays as lists, structs (a
 * {role, content} message) as objects. Other types (maps, binary, dates) become POJO nodes, which the mapping rejects
 * as wrong_type with the type's name.
 */
final class PairFields {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PairFields() {}

    /** The fields of {@code row}, leaving out the column at {@code skip} (seal's row number; -1 for none). */
    static ObjectNode of(Row row, int skip) {
        ObjectNode fields = NODES.objectNode();
        StructField[] names = row.schema().fields();
        for (int i = 0; i < names.length; i++) {
            if (i != skip) {
                fields.set(names[i].name(), node(row.get(i)));
            }
        }
        return fields;
    }

    private static JsonNode node(Object v) {
        JsonNode scalar = Datasets.scalarNode(v);
        if (scalar != null) {
            return scalar;
        }
        return switch (v) {
            case Row struct -> of(struct, -1);
            case scala.collection.Seq<?> seq -> {
                ArrayNode list = NODES.arrayNode();
                for (Object e : scala.jdk.javaapi.CollectionConverters.asJava(seq)) {
                    list.add(node(e));
                }
                yield list;
            }
            default -> NODES.pojoNode(v);
        };
    }
}
