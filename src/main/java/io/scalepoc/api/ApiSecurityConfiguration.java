package io.scalepoc.api;

import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.config.ScalePocProperties.ControlProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads are open (GET and HEAD: the API, the status page, the actuator endpoints, which are only
 * health, info, prometheus and ownership); every other request is a <em>change</em> and needs:
 *
 * <ol>
 *   <li>a configured operator password ({@code scalepoc.control.password}; only the demo profile has
 *       a default) — without one every change gets 503, and start-up logs one warning;
 *   <li>a non-simple request: an {@code X-Requested-With} header (any value) or {@code Content-Type:
 *       application/json}. A cross-site HTML form can send neither without a CORS preflight, which
 *       this API never grants, so a page elsewhere cannot use HTTP Basic credentials a browser has
 *       cached; such a request gets 403;
 *   <li>HTTP Basic credentials of the one operator: missing or wrong ones get 401, never with a
 *       {@code WWW-Authenticate} challenge, so a browser never prompts and never caches them.
 * </ol>
 *
 * Every refusal is {@code application/problem+json}. Stateless: no session and no cookies, so no
 * CSRF token either.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ApiSecurityConfiguration.class);
    static final String ROLE = "OPERATOR";

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, JsonMapper json, ScalePocProperties properties)
            throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> writeProblem(
                json,
                response,
                HttpStatus.UNAUTHORIZED,
                request.getRequestURI(),
                "Changes need the operator's credentials (HTTP Basic, sent with the request: no challenge is issued)");
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(
                        new ChangeRequestFilter(json, properties.control().hasPassword()),
                        BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.HEAD, "/**")
                        .permitAll()
                        .anyRequest()
                        .hasRole(ROLE))
                .httpBasic(basic -> basic.realmName("scale-poc").authenticationEntryPoint(unauthorized))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler((request, response, e) -> writeProblem(
                                json,
                                response,
                                HttpStatus.FORBIDDEN,
                                request.getRequestURI(),
                                "Only the operator may change jobs")));
        return http.build();
    }

    /** Refuses a change before authentication when no password is configured, or when it is a simple request. */
    private static final class ChangeRequestFilter extends OncePerRequestFilter {

        private final JsonMapper json;
        private final boolean passwordConfigured;

        ChangeRequestFilter(JsonMapper json, boolean passwordConfigured) {
            this.json = json;
            this.passwordConfigured = passwordConfigured;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String method = request.getMethod();
            if (method.equals("GET") || method.equals("HEAD")) {
                chain.doFilter(request, response);
            } else if (!passwordConfigured) {
                writeProblem(
                        json,
                        response,
                        HttpStatus.SERVICE_UNAVAILABLE,
                        request.getRequestURI(),
                        "Changes are disabled: no operator password is configured. Set scalepoc.control.password "
                                + "(SCALEPOC_CONTROL_PASSWORD, e.g. from a Kubernetes Secret) and restart");
            } else if (!isNonSimple(request)) {
                writeProblem(
                        json,
                        response,
                        HttpStatus.FORBIDDEN,
                        request.getRequestURI(),
                        "Changes must be non-simple requests: send the header 'X-Requested-With' (any value) or "
                                + "'Content-Type: application/json', so that no cross-site form can use credentials "
                                + "a browser has cached");
            } else {
                chain.doFilter(request, response);
            }
        }

        private static boolean isNonSimple(HttpServletRequest request) {
            String requestedWith = request.getHeader("X-Requested-With");
            if (requestedWith != null && !requestedWith.isBlank()) {
                return true;
            }
            String contentType = request.getContentType();
            if (contentType == null) {
                return false;
            }
            try {
                return MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(contentType));
            } catch (InvalidMediaTypeException e) {
                return false;
            }
        }
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService operator(ScalePocProperties properties, PasswordEncoder encoder) {
        ControlProperties control = properties.control();
        if (!control.hasPassword()) {
            log.warn("No scalepoc.control.password (SCALEPOC_CONTROL_PASSWORD) is set: the control API answers every "
                    + "change with 503 until one is (reads stay open)");
            return new InMemoryUserDetailsManager();
        }
        return new InMemoryUserDetailsManager(User.withUsername(control.username())
                .password(encoder.encode(control.password()))
                .roles(ROLE)
                .build());
    }

    private static void writeProblem(
            JsonMapper json, HttpServletResponse response, HttpStatus status, String path, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", path);
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        json.writeValue(response.getOutputStream(), problem);
    }
}
