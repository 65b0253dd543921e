package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import io.swagger.v3.oas.models.OpenAPI;
import java.lang.reflect.Field;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springdoc.api.AbstractOpenApiResource;
import org.springdoc.core.service.OpenAPIService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The API document is built once, whatever language a client asks for: springdoc keeps one built document per
 * Accept-Language it is sent (about 2 MB each), with no bound, so distinct values filled the heap.
 */
@IntegrationTest
class OpenApiLocalesTest {

    @Autowired
    private RestTestClient client;
    @Autowired
    private AbstractOpenApiResource documents;

    @Test
    void aDocumentAskedForInOtherLanguages_isTheOneDocument_andNoOtherIsKept() throws Exception {
        String english = document("en-US");

        for (String language : new String[] {"fr", "de-CH", "en-x-a1", "ja"}) {
            assertThat(document(language)).as(language).isEqualTo(english);
        }

        OpenAPIService service = openApiService();
        assertThat(service.getCachedOpenAPI(Locale.forLanguageTag("en-US"))).isNotNull();
        for (String language : new String[] {"fr", "de-CH", "en-x-a1", "ja"}) {
            OpenAPI kept = service.getCachedOpenAPI(Locale.forLanguageTag(language));
            assertThat(kept).as("a document kept for " + language).isNull();
        }
    }

    private String document(String language) {
        return client.get().uri("/v3/api-docs").header(HttpHeaders.ACCEPT_LANGUAGE, language).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    /** springdoc exposes its service (which keeps the built documents) to its subclasses only. */
    private OpenAPIService openApiService() throws ReflectiveOperationException {
        Field field = AbstractOpenApiResource.class.getDeclaredField("openAPIService");
        field.setAccessible(true);
        return (OpenAPIService) field.get(documents);
    }
}
