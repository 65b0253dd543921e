package dev.genserver.web;

/**
 * What a JSON body will take on the heap once parsed into a tree, estimated from its text before it is parsed: two
 * bytes a byte of text, and 80 for the first value and for each {@code {}, {@code [}, {@code ,} or {@code :} outside
 * a string (each starts a value or a member). Measured with Jackson 3 on 1 MB bodies, a tree takes from under 1 to
 * 31 times its text (an array of empty objects), up to 76 bytes a structural character (objects of one distinct key
 * each). The estimate is above
 * the measure for every shape measured: within twice it for the costly ones, 13 times it for an array of one-digit
 * numbers, whose nodes Jackson shares. {@link StorageGuard} admits a storing request by it.
 */
final class JsonFootprint {

    /** The request attribute with the estimate for a JSON body read whole before the handler ({@link RequestGuard}). */
    static final String ATTRIBUTE = JsonFootprint.class.getName();

    private static final long PER_BYTE = 2;
    private static final long PER_STRUCTURAL = 80;

    private JsonFootprint() {
    }

    /** The estimate for {@code json}, which need not be valid JSON: its parse is what judges it. */
    static long of(byte[] json) {
        long structurals = 0;
        boolean inString = false;
        boolean escaped = false;
        for (byte b : json) {
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[' || b == ',' || b == ':') {
                structurals++;
            }
        }
        return PER_BYTE * json.length + PER_STRUCTURAL * (structurals + 1);
    }
}
