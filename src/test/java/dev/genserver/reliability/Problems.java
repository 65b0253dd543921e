package dev.genserver.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.ExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Checks that an answer is the expected problem+json, and that no error body ever carries a stack trace. */
final class Problems {

    private Problems() {
    }

    static void expect(RestTestClient.ResponseSpec response, int status, String error) {
        assertProblem(response.returnResult(), status, error);
    }

    static void assertProblem(ExchangeResult result, int status, String error) {
        assertThat(result.getStatus().value()).as("status").isEqualTo(status);
        assertThat(result.getResponseHeaders().getContentType()).as("content type")
                .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        String body = new String(result.getResponseBodyContent(), StandardCharsets.UTF_8);
        assertThat(body).contains("\"error\":\"" + error + "\"");
        assertNoStackTrace(body);
    }

    static void assertNoStackTrace(String body) {
        assertThat(body).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("dev.genserver.")
                .doesNotContain("java.lang.");
    }
}
