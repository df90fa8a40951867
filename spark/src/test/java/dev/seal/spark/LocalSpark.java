package dev.seal.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The tests' Spark session, one for the test JVM (its start takes seconds): local mode with two task threads and up to
 * four attempts per task, on the loopback address, no UI; stopped when the JVM exits.
 */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {}

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().master("local[2,4]").appName("seal-spark-test")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "localhost")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
            SparkSession s = session;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
        }
        return session;
    }
}
