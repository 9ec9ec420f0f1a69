package io.scalepoc.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The control API's OpenAPI 3 document ({@code /v3/api-docs}, springdoc): the operations springdoc
 * finds in the controllers, plus what it cannot see there — the HTTP Basic scheme every change
 * needs, and the {@code application/problem+json} answers of every operation ({@link ApiProblems},
 * the security filter). A test compares the document with {@code docs/openapi.json}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String SCHEME = "operator";
    private static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    @ConditionalOnMissingBean(OpenAPI.class)
    OpenAPI scalePocOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("scale-poc control API")
                        .description(
                                "Jobs, alerts and the cluster of a scale-poc deployment, from any replica. Reads are"
                                        + " open; every change needs the operator's HTTP Basic credentials and a non-simple"
                                        + " request (Content-Type: application/json or an X-Requested-With header). Errors are"
                                        + " application/problem+json (RFC 9457). See docs/monitoring.md.")
                        .version("1"))
                .components(new Components()
                        .addSecuritySchemes(
                                SCHEME,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("basic")
                                        .description("scalepoc.control.username / scalepoc.control.password"))
                        .addSchemas(PROBLEM, problemSchema()));
    }

    /** Adds the security requirement to every change and the problem answers to every operation. */
    @Bean
    OpenApiCustomizer problemsAndSecurity() {
        return openApi -> openApi.getPaths().forEach((path, item) -> {
            boolean namesAJob = path.contains("{name}");
            item.readOperationsMap().forEach((method, operation) -> {
                if (method == PathItem.HttpMethod.GET) {
                    if (operation.getParameters() != null
                            && operation.getParameters().stream().anyMatch(p -> "query".equals(p.getIn()))) {
                        problem(operation, "400", "Bad input (a parameter out of range, malformed)");
                    }
                    if (namesAJob) {
                        problem(operation, "404", "No such job (or trigger)");
                    }
                } else {
                    operation.addSecurityItem(new SecurityRequirement().addList(SCHEME));
                    problem(operation, "400", "Bad input (malformed JSON, a too long reason, bad job parameters)");
                    problem(operation, "401", "Missing or wrong credentials (never a WWW-Authenticate challenge)");
                    problem(operation, "403", "A simple (form-like) request: send JSON or X-Requested-With");
                    problem(operation, "404", "No such job");
                    problem(operation, "409", "Not possible in the job's current state");
                    if (path.endsWith("/trigger")) {
                        problem(
                                operation,
                                "429",
                                "scalepoc.control.max-pending-triggers triggers of the job wait: try again after"
                                        + " Retry-After seconds");
                    }
                    problem(operation, "503", "No operator password is configured: changes are refused");
                }
            });
        });
    }

    private static void problem(Operation operation, String status, String description) {
        if (operation.getResponses().containsKey(status)) {
            return;
        }
        operation
                .getResponses()
                .addApiResponse(
                        status,
                        new ApiResponse()
                                .description(description)
                                .content(new Content()
                                        .addMediaType(
                                                PROBLEM_JSON,
                                                new MediaType()
                                                        .schema(new Schema<>()
                                                                .$ref("#/components/schemas/" + PROBLEM)))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", new StringSchema().description("a URI identifying the kind of problem"));
        properties.put("title", new StringSchema());
        properties.put("status", new IntegerSchema());
        properties.put("detail", new StringSchema());
        properties.put("instance", new StringSchema());
        properties.put(
                "problems",
                new ArraySchema().items(new StringSchema()).description("every problem, for invalid job parameters"));
        return new ObjectSchema().description("RFC 9457 problem details").properties(properties);
    }
}
