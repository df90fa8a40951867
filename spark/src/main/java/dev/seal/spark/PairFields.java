package dev.seal.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seal.data.Datasets;
import dev.seal.data.PairReader;
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

    /**
     * A numbered input row (see SparkScoring#numbered) through seal's row mapping: the pair, or the reason it cannot
     * be read; null for a blank JSON Lines line, which is no row.
     *
     * @param lines the row is a JSON Lines line (column {@code value}), not table fields
     */
    static PairReader.Row pair(Datasets.Rows rows, Row in, boolean lines) {
        long row = in.getLong(SparkScoring.ROW_INDEX);
        if (!lines) {
            return rows.map(row, of(in, SparkScoring.ROW_INDEX));
        }
        String line = in.getString(SparkScoring.ROW_INDEX + 1);
        // a JSON Lines file's byte-order mark, which seal's reader drops and Spark's text reader keeps
        return rows.mapLine(row, row == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line);
    }

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
