package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A URL-encoded body's parameters, read as Tomcat 11 reads them and refused where it refuses them. */
class FormBodyTest {

    @Test
    void names_andValues_areDecoded_inOrder_emptyPiecesSkipped() {
        assertThat(FormBody.parse(bytes("b=%C3%A9+x&&a&b=%2B&"), null, 1000))
                .containsExactly(Map.entry("b", List.of("é x", "+")), Map.entry("a", List.of("")));
    }

    /** Tomcat refuses a piece without a name ("Invalid chunk"); it had been served as a parameter named "". */
    @Test
    void aPairWithoutAName_isRefused() {
        assertThat(FormBody.parse(bytes("=x&permits=1"), null, 1000)).isNull();
        assertThat(FormBody.parse(bytes("="), null, 1000)).isNull();
    }

    @Test
    void anEscapeThatIsNotHex_orBytesThatAreNotUtf8_areRefused() {
        assertThat(FormBody.parse(bytes("a=%zz"), null, 1000)).isNull();
        assertThat(FormBody.parse(bytes("a=%C3%28"), null, 1000)).isNull();
        assertThat(FormBody.parse(new byte[] {'a', '=', (byte) 0xC3}, null, 1000)).isNull();
    }

    /** Tomcat counts the query's parameters and the body's together; a negative most is no most at all. */
    @Test
    void theMostParameters_countsTheQuerysWithTheBodys_andNegativeMeansNone() {
        String form = "p=1&".repeat(600);
        String query = "q=1&".repeat(400);

        assertThat(FormBody.parse(bytes(form), query, 1000)).isNotNull();
        assertThat(FormBody.parse(bytes(form), query + "r=1", 1000)).isNull();
        assertThat(FormBody.parse(bytes(form + form), null, -1)).containsOnlyKeys("p");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
