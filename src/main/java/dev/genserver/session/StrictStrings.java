package dev.genserver.session;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads only JSON strings: Jackson would otherwise turn {@code 5} or {@code true} into {@code "5"} and
 * {@code "true"}, and a wrong type must be a 400.
 */
final class StrictStrings extends ValueDeserializer<String> {

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return parser.getString();
        }
        return (String) context.handleUnexpectedToken(String.class, parser);
    }

    /** JSON null is a value of the wrong type too, as it is for every other field: not a blank string. */
    @Override
    public String getNullValue(DeserializationContext context) {
        return context.reportInputMismatch(this, "a string is required, not null");
    }
}
