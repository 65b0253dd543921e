package dev.genserver.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Judges each fuzz answer against the rules and keeps count of what came back. Thread-safe. */
final class FuzzVerdicts {

    private final List<String> failures = new ArrayList<>();
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private int http09;
    private int count;

    /** Sends {@code request} and records a failure for every rule its answer breaks. */
    void check(RawHttp http, HostileRequests.Request request, boolean mayChangeState) {
        RawHttp.Response answer = http.exchange(request.head(), request.body());
        record(request, answer, mayChangeState);
    }

    private synchronized void record(HostileRequests.Request request, RawHttp.Response answer,
                                     boolean mayChangeState) {
        count++;
        statuses.merge(answer.status(), 1, Integer::sum);
        String problem = judge(request, answer, mayChangeState);
        if (problem != null && failures.size() < 2000) {
            failures.add(request.label() + " -> " + answer.status() + ": " + problem);
        }
    }

    private String judge(HostileRequests.Request request, RawHttp.Response answer, boolean mayChangeState) {
        if (answer.http09()) {
            http09++; // the body alone, as HTTP/0.9 answers: a problem from us or Tomcat's refusal of a POST
            return answer.body().isEmpty() || hasStackTrace(answer.body()) ? "empty or with a stack trace: "
                    + answer.body() : null;
        }
        if (answer.dropped() != null) {
            return "dropped: " + answer.dropped();
        }
        if (answer.status() >= 500) {
            return "server error " + answer.body();
        }
        if (!mayChangeState && answer.status() < 400) {
            return "a never-valid body was accepted";
        }
        String body = answer.body();
        if (body.contains("\tat ") || answer.status() >= 400 && hasStackTrace(body)) {
            return "stack trace or class name in the body: " + body;
        }
        boolean problemJson = answer.contentType().startsWith("application/problem+json");
        if (answer.status() >= 400 && !problemJson) {
            return "not problem+json (" + answer.contentType() + "): " + body;
        }
        if (problemJson && !request.head().startsWith("HEAD ") && !body.contains("\"error\":\"")) {
            return "problem without an error property: " + body;
        }
        return null;
    }

    private static boolean hasStackTrace(String body) {
        return body.contains("\tat ") || body.contains("Exception") || body.contains("java.")
                || body.contains("org.apache") || body.contains("dev.genserver");
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    synchronized int count() {
        return count;
    }

    synchronized String summary() {
        return count + " requests, statuses " + statuses + ", HTTP/0.9 answers " + http09;
    }
}
