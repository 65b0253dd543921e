package dev.genserver.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP client of the cluster's members, as a client that cannot see inside sorts each write's answer: 2xx
 * acknowledged, 4xx refused (not applied), and everything else unknown (it may or may not have been applied): a 5xx
 * ({@code indeterminate}, or {@code internal} where the web layer does not map it yet), a broken connection, a
 * timeout.
 */
final class ClusterClient {

    enum Fate { ACKNOWLEDGED, REFUSED, UNKNOWN }

    /** What came back: {@code status} 0 when nothing did (connection error, timeout). */
    record Answer(int status, String body) {

        Fate fate() {
            return status >= 200 && status < 300 ? Fate.ACKNOWLEDGED
                    : status >= 400 && status < 500 ? Fate.REFUSED : Fate.UNKNOWN;
        }

        boolean ok() {
            return fate() == Fate.ACKNOWLEDGED;
        }

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Duration timeout;

    ClusterClient(Duration timeout) {
        this.timeout = timeout;
    }

    Answer send(int port, String method, String path, String json) {
        return send(port, method, path, json, null);
    }

    /** {@link #send(int, String, String, String)} under {@code idempotencyKey}, unless it is null. */
    Answer send(int port, String method, String path, String json, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(timeout)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException lost) {
            return new Answer(0, lost.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, e.toString());
        }
    }

    Answer get(int port, String path) {
        return send(port, "GET", path, null);
    }

    /** A write that must succeed (set-up before any member is killed). */
    JsonNode required(int port, String method, String path, String json) {
        Answer answer = send(port, method, path, json);
        if (!answer.ok()) {
            throw new AssertionError(method + " " + path + " on " + port + ": " + answer);
        }
        return answer.body().isEmpty() ? null : answer.json();
    }
}
