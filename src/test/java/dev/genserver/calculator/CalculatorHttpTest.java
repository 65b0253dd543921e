package dev.genserver.calculator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The seed's divide over real HTTP, with the application's strict JSON settings. */
@IntegrationTest
class CalculatorHttpTest {

    @Autowired
    private RestTestClient client;

    @Autowired
    private ProcessRuntime runtime;

    @Test
    void divide_truncatesTowardZero() {
        assertThat(result("{\"a\": 7, \"b\": 2}")).isEqualTo("{\"result\":3}");
        assertThat(result("{\"a\": -7, \"b\": 2}")).isEqualTo("{\"result\":-3}");
    }

    @Test
    void divide_hasNoOverflow() {
        assertThat(result("{\"a\": -9223372036854775808, \"b\": -1}")).isEqualTo("{\"result\":9223372036854775808}");
    }

    @Test
    void divisionByZero_isUnprocessable_andTheSameProcessKeepsServing() {
        Pid before = runtime.whereis(Calculator.NAME).orElseThrow();

        post("{\"a\": 7, \"b\": 0}").expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("division_by_zero");

        assertThat(runtime.whereis(Calculator.NAME)).contains(before);
        assertThat(before.isAlive()).isTrue();
        assertThat(result("{\"a\": 9, \"b\": 3}")).isEqualTo("{\"result\":3}");
    }

    /**
     * A body of the wrong shape (a value of the wrong type, a field missing or unknown, not an object) is
     * {@code invalid_json}, as for every endpoint whose body Jackson binds; the OpenAPI document says so.
     */
    @Test
    void nonIntegers_missingOrUnknownFields_areBadRequest_invalidJson() {
        List<String> bodies = new ArrayList<>(List.of("{\"a\": 7}", "{\"a\": 7, \"b\": 2, \"c\": 1}",
                "[7, 2]", "{\"a\": 7, \"b\": "));
        for (String b : List.of("7.5", "\"7\"", "1e3", "1E3", "2.0", "true", "null", "{}")) {
            bodies.add("{\"a\": 7, \"b\": " + b + "}");
        }
        for (String body : bodies) {
            post(body).expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.error").isEqualTo("invalid_json");
        }
        // the detail says which is wrong: a field missing, or one of another type
        post("{\"a\": 7}").expectBody().jsonPath("$.detail").isEqualTo("field 'b' is missing: it must be an integer");
        post("{\"a\": 7, \"b\": \"2\"}").expectBody().jsonPath("$.detail").isEqualTo("field 'b' must be an integer");
    }

    @Test
    void aThousandDigits_areAccepted_butNotOneMore() {
        String thousand = "7".repeat(1000);

        assertThat(result("{\"a\": -" + thousand + ", \"b\": -1}")).isEqualTo("{\"result\":" + thousand + "}");
        post("{\"a\": " + thousand + "7, \"b\": 1}").expectStatus().isBadRequest() // past JSON's own limit
                .expectBody().jsonPath("$.error").isEqualTo("invalid_json");
    }

    private String result(String body) {
        return post(body).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    private RestTestClient.ResponseSpec post(String body) {
        return client.post().uri("/api/calculator/divide").contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange();
    }
}
