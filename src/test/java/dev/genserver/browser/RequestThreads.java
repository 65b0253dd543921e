package dev.genserver.browser;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request threads of a thread dump ({@code jcmd PID Thread.dump_to_file -format=text}, virtual threads
 * included), grouped by state and top frames with how many share each, so a port stuck behind one lock reads as one
 * line and not hundreds. Tomcat's threads of either port: {@code tomcat-handler-N} (virtual, the API's) and
 * {@code http-nio-…-exec-N} (platform, the management port's pool).
 */
final class RequestThreads {

    /** {@code #56 "tomcat-handler-0" virtual TIMED_WAITING 2026-…Z}; a platform thread has no "virtual". */
    private static final Pattern HEADER =
            Pattern.compile("#\\d+ \"(tomcat-handler-|http-nio-.*-exec-)[^\"]*\" (virtual )?([A-Z_]+) .*");
    /** Parking's own frames, the same under every wait: the frames below them say what is waited for. */
    private static final Pattern PARKING = Pattern.compile(
            "at (java\\.base/)?(java\\.lang\\.VirtualThread|java\\.lang\\.System\\$\\d+|jdk\\.internal\\.misc\\.Unsafe"
                    + "|java\\.util\\.concurrent\\.locks\\.LockSupport)\\..*");
    /** The frames a group is told by. */
    private static final int FRAMES = 4;

    private RequestThreads() {
    }

    static String summary(String dump) {
        Map<String, Integer> groups = new TreeMap<>();
        for (String thread : dump.split("\\n\\s*\\n")) {
            List<String> lines = thread.strip().lines().map(String::strip).toList();
            Matcher header = lines.isEmpty() ? null : HEADER.matcher(lines.getFirst());
            if (header != null && header.matches()) {
                String top = lines.stream().skip(1).filter(line -> !PARKING.matcher(line).matches()).limit(FRAMES)
                        // at java.base/java.lang.X → java.lang.X
                        .map(line -> line.replaceFirst("^at ([\\w.]+/)?", "")
                                .replaceAll("@[0-9a-f]+>", ">")) // a lock's identity differs from thread to thread
                        .reduce((above, below) -> above + " < " + below).orElse("");
                String kind = header.group(2) == null ? "" : "virtual ";
                groups.merge(kind + header.group(3) + " " + top, 1, Integer::sum);
            }
        }
        StringBuilder summary = new StringBuilder(); // the largest group first: a port stuck shows at the top
        groups.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(group -> summary.append("\n  ").append(group.getValue()).append(" x ").append(group.getKey()));
        return summary.isEmpty() ? " no request thread" : summary.toString();
    }
}
