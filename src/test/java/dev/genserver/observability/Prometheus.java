package dev.genserver.observability;

import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.function.Supplier;

/** One scrape of /actuator/prometheus, read by series (name with its labels, as exposed). */
record Prometheus(String text) {

    /** How long to wait for a figure the runtime sums at most once per snapshot age. */
    private static final long PATIENCE_NANOS = 5_000_000_000L;

    /** The value of one series; fails if it is absent. */
    double value(String series) {
        return text.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + seriesNamed(
                        series.contains("{") ? series.substring(0, series.indexOf('{')) : series)));
    }

    List<String> seriesNamed(String name) {
        return text.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " ")).toList();
    }

    /** Scrapes until {@code series} shows {@code expected}: summed figures are refreshed every 100 ms or so. */
    static Prometheus awaitValue(Supplier<Prometheus> scrape, String series, double expected) {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (true) {
            Prometheus metrics = scrape.get();
            if (metrics.text.lines().anyMatch(line -> line.equals(series + " " + expected))) {
                return metrics;
            }
            if (System.nanoTime() > deadline) {
                fail("%s never showed %s; last scrape:%n%s", series, expected, metrics.seriesNamed(
                        series.substring(0, series.indexOf('{'))));
            }
            Thread.onSpinWait();
        }
    }

    /** Scrapes until {@code series} is present. */
    static Prometheus awaitSeries(Supplier<Prometheus> scrape, String series) {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (true) {
            Prometheus metrics = scrape.get();
            if (metrics.text.lines().anyMatch(line -> line.startsWith(series + " "))) {
                return metrics;
            }
            if (System.nanoTime() > deadline) {
                fail("%s never appeared", series);
            }
        }
    }
}
