package dev.genserver.calculator;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.genserver.app.Refusal.Reason;
import dev.genserver.app.Refusal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@WebMvcTest(CalculatorController.class)
@EnableConfigurationProperties(CalculatorProperties.class)
class CalculatorControllerTest {

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private Calculator calculator;

    @Test
    void divide_isOkWithTheResult() throws Exception {
        given(calculator.divide(BigInteger.valueOf(7), BigInteger.TWO)).willReturn(BigInteger.valueOf(3));

        mvc.perform(divide("{\"a\": 7, \"b\": 2}"))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"result\": 3}", JsonCompareMode.STRICT));
    }

    @Test
    void divisionByZero_isUnprocessableContent() throws Exception {
        given(calculator.divide(BigInteger.ONE, BigInteger.ZERO)).willThrow(
                new Refusal(Reason.DIVISION_BY_ZERO, "b must not be 0"));

        mvc.perform(divide("{\"a\": 1, \"b\": 0}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.error").value("division_by_zero"));
    }

    @Test
    void nonIntegerOperands_missingFields_unknownFields_andNonObjects_areBadRequest() throws Exception {
        String[] bodies = {
            "{\"a\": 7.5, \"b\": 2}", "{\"a\": \"7\", \"b\": 2}", "{\"a\": 7, \"b\": 1e3}",
            "{\"a\": 7, \"b\": 2.0}", "{\"a\": true, \"b\": 2}", "{\"a\": null, \"b\": 2}",
            "{\"a\": [7], \"b\": 2}", "{\"b\": 2}", "{\"a\": 7}", "{\"a\": 7, \"b\": 2, \"c\": 1}",
            "[7, 2]", "7", "null"
        };
        for (String body : bodies) {
            mvc.perform(divide(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.error").value("invalid_json"));
        }
        verify(calculator, never()).divide(any(), any());
    }

    /** An unknown field is not echoed: its name is the client's, of any length and content. */
    @Test
    void anUnknownField_isRefused_withoutBeingNamed() throws Exception {
        mvc.perform(divide("{\"a\": 7, \"b\": 2, \"<script>secret\": 1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("the request body has a field this request does not take; "
                        + "it takes 'a', 'b'"));
    }

    @Test
    void operandsOfAThousandDigits_areAccepted_andOneMoreIsBadRequest() throws Exception {
        String thousand = "9".repeat(1000);
        given(calculator.divide(new BigInteger("-" + thousand), BigInteger.ONE)).willReturn(BigInteger.ONE);

        mvc.perform(divide("{\"a\": -" + thousand + ", \"b\": 1}")).andExpect(status().isOk());
        mvc.perform(divide("{\"a\": 1" + thousand + ", \"b\": 1}")).andExpect(status().isBadRequest());
    }

    private static MockHttpServletRequestBuilder divide(String body) {
        return post("/api/calculator/divide").contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
