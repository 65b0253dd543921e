package dev.genserver.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client of the chaos test: it owns two stores and two stacks, writes to them round after round, and keeps
 * a model of every write the service acknowledged (202), to compare with what the service holds at the end.
 */
final class ChaosClient {

    /** A store or a stack, by its path ({@code /api/kv/id}). */
    record Target(String path) {
        boolean isStore() {
            return path.startsWith("/api/kv/");
        }

        /** The registry its process is named in ({@code kv}, {@code stacks}). */
        String registry() {
            return isStore() ? "kv" : "stacks";
        }

        /** Its id: the key its process is registered under. */
        String id() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** A plain HTTP client; any I/O failure fails the test (a dropped connection is a defect). */
    record Http(int port) {
        private static final HttpClient CLIENT = HttpClient.newHttpClient();

        HttpResponse<String> send(String method, String path, String json) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
            request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
            try {
                return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(method + " " + path + " failed: " + e, e);
            }
        }
    }

    private final Http http;
    private final List<Target> targets;
    /** Per target, what the service acknowledged: the store's entries, or the stack's items bottom to top. */
    private final Map<Target, Object> model = new LinkedHashMap<>();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger roundsDone = new AtomicInteger();

    private ChaosClient(Http http, List<Target> targets) {
        this.http = http;
        this.targets = targets;
        targets.forEach(t -> model.put(t, t.isStore() ? new LinkedHashMap<String, Integer>() : new ArrayList<>()));
    }

    static ChaosClient create(Http http, String name) {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            targets.add(new Target(http.send("POST", "/api/kv", null).headers().firstValue("Location").orElseThrow()));
            targets.add(new Target(http.send("POST", "/api/stacks", null).headers().firstValue("Location")
                    .orElseThrow()));
        }
        return new ChaosClient(http, targets);
    }

    List<Target> targets() {
        return targets;
    }

    int acknowledged() {
        return acknowledged.get();
    }

    int roundsDone() {
        return roundsDone.get();
    }

    /** Writes {@code rounds} times to each target; a failed write is allowed only to a target being killed. */
    @SuppressWarnings("unchecked")
    void write(int rounds, Set<String> killed) {
        for (int round = 0; round < rounds; round++) {
            for (Target target : targets) {
                HttpResponse<String> answer = target.isStore()
                        ? http.send("PUT", target.path() + "/entries/k" + round % 7, Integer.toString(round))
                        : http.send("POST", target.path() + "/push", "{\"item\":" + round + "}");
                if (answer.statusCode() == 202) {
                    acknowledged.incrementAndGet();
                    if (target.isStore()) {
                        ((Map<String, Integer>) model.get(target)).put("k" + round % 7, round);
                    } else {
                        ((List<Integer>) model.get(target)).add(round);
                    }
                } else {
                    assertThat(killed).as("only a killed process may refuse a write: " + answer.body())
                            .contains(target.path());
                    assertThat(answer.statusCode()).isIn(404, 500);
                }
            }
            roundsDone.incrementAndGet();
        }
    }

    @SuppressWarnings("unchecked")
    void assertEveryAcknowledgedWriteIsThere(Set<String> killed) {
        for (Target target : targets) {
            if (killed.contains(target.path())) {
                assertThat(http.send("GET", target.path(), null).statusCode()).isEqualTo(404);
                continue;
            }
            if (target.isStore()) {
                Map<String, Integer> entries = (Map<String, Integer>) model.get(target);
                assertThat(http.send("GET", target.path() + "/keys", null).body()).isEqualTo("{\"keys\":["
                        + String.join(",", entries.keySet().stream().sorted().map(k -> '"' + k + '"').toList())
                        + "]}");
                entries.forEach((key, value) -> assertThat(
                        http.send("GET", target.path() + "/entries/" + key, null).body())
                        .isEqualTo("{\"key\":\"" + key + "\",\"value\":" + value + "}"));
            } else {
                List<Integer> items = (List<Integer>) model.get(target);
                for (int i = items.size() - 1; i >= 0; i--) {
                    assertThat(http.send("POST", target.path() + "/pop", null).body())
                            .isEqualTo("{\"item\":" + items.get(i) + "}");
                }
                assertThat(http.send("POST", target.path() + "/pop", null).statusCode()).isEqualTo(409);
            }
            assertThat(http.send("DELETE", target.path(), null).statusCode()).isEqualTo(204);
        }
    }
}
