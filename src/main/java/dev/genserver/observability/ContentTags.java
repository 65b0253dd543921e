package dev.genserver.observability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.core.io.Resource;
import org.springframework.util.DigestUtils;

/**
 * The entity tag of a file the observer page loads: a hash of its content, computed once per file (the jar does
 * not change while it runs). The file's date would not do: it is the jar's, so a browser holding a newer build's
 * file would be told 304 by an older jar, rolled back to or copied with its date kept, and run the newer module
 * against the older server.
 */
final class ContentTags implements Function<Resource, String> {

    private final Map<String, String> tags = new ConcurrentHashMap<>();

    @Override
    public String apply(Resource file) {
        return tags.computeIfAbsent(file.getDescription(), description -> hash(file));
    }

    private static String hash(Resource file) {
        try (InputStream content = file.getInputStream()) {
            return DigestUtils.md5DigestAsHex(content);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
