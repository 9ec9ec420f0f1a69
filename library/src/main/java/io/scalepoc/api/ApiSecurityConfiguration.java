package io.scalepoc.api;

import io.scalepoc.config.ControlProperties;
import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.config.SecurityProperties;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads are open (GET and HEAD: the API, the status page, the actuator endpoints, which are only
 * health, info, prometheus and ownership) unless {@code scalepoc.security.anonymous-reads=false},
 * which asks the role viewer or operator of every read but the health probes and the status page's
 * own files. Callers sign in with HTTP Basic as the one operator, or, when Spring Boot's {@code
 * spring.security.oauth2.resourceserver.jwt.*} names the team's identity provider, with its bearer
 * tokens, whose roles {@link TokenRoles} maps from a claim. Every other request is a <em>change</em>
 * and needs:
 *
 * <ol>
 *   <li>a configured operator password ({@code scalepoc.control.password}; only the demo profile has
 *       a default) or bearer tokens — without either every change gets 503, and start-up logs one
 *       warning;
 *   <li>a non-simple request: an {@code X-Requested-With} header (any value), {@code Content-Type:
 *       application/json} or a bearer token. A cross-site HTML form can send neither without a CORS preflight, which
 *       this API never grants, so a page elsewhere cannot use HTTP Basic credentials a browser has
 *       cached; such a request gets 403;
 *   <li>the operator: HTTP Basic credentials of the one operator, or a token with the operator role;
 *       missing or wrong credentials (a bad signature, an expired token, another audience) get 401,
 *       never with a {@code WWW-Authenticate} challenge, so a browser never prompts and never caches
 *       them; a viewer gets 403.
 * </ol>
 *
 * Every refusal is {@code application/problem+json}. Stateless: no session and no cookies, so no
 * CSRF token either.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ApiSecurityConfiguration.class);
    static final String ROLE = "OPERATOR";
    static final String VIEWER = "VIEWER";

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain apiSecurity(
            HttpSecurity http, JsonMapper json, ScalePocProperties properties, ObjectProvider<JwtDecoder> jwtDecoder)
            throws Exception {
        SecurityProperties security = properties.security();
        boolean bearerTokens = jwtDecoder.getIfAvailable() != null;
        AuthenticationEntryPoint unauthorized = (request, response, e) -> writeProblem(
                json,
                response,
                HttpStatus.UNAUTHORIZED,
                request.getRequestURI(),
                (bearerTokens
                                ? "Sign in with a bearer token of the identity provider, or the operator's HTTP Basic"
                                        + " credentials"
                                : "Changes need the operator's credentials")
                        + " (sent with the request: no challenge is issued)"
                        + (e instanceof OAuth2AuthenticationException ? ": " + e.getMessage() : ""));
        AccessDeniedHandler denied = (request, response, e) -> writeProblem(
                json,
                response,
                HttpStatus.FORBIDDEN,
                request.getRequestURI(),
                HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod())
                        ? "Reading needs the role '" + security.viewerRole() + "' or '" + security.operatorRole() + "'"
                        : "Only an operator (role '" + security.operatorRole() + "') may change jobs");
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(
                        new ChangeRequestFilter(json, properties.control().hasPassword() || bearerTokens),
                        BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> {
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                            .permitAll()
                            .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**")
                            .permitAll()
                            .requestMatchers(HttpMethod.GET, "/", "/index.html", "/*.js", "/*.css", "/favicon.ico")
                            .permitAll(); // the status page's files hold no data; what it reads is an API call
                    if (security.anonymousReads()) {
                        requests.requestMatchers(HttpMethod.GET, "/**")
                                .permitAll()
                                .requestMatchers(HttpMethod.HEAD, "/**")
                                .permitAll();
                    } else {
                        requests.requestMatchers(HttpMethod.GET, "/**")
                                .hasAnyRole(VIEWER, ROLE)
                                .requestMatchers(HttpMethod.HEAD, "/**")
                                .hasAnyRole(VIEWER, ROLE);
                    }
                    requests.anyRequest().hasRole(ROLE);
                })
                .httpBasic(basic -> basic.realmName("scale-poc").authenticationEntryPoint(unauthorized))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(unauthorized).accessDeniedHandler(denied));
        if (bearerTokens) {
            http.oauth2ResourceServer(resourceServer -> resourceServer
                    .authenticationEntryPoint(unauthorized)
                    .accessDeniedHandler(denied)
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(new TokenRoles(security))));
            log.info(
                    "Bearer tokens of the identity provider are accepted: roles from claim '{}' ('{}' reads, '{}'"
                            + " changes); anonymous reads {}",
                    security.rolesClaim(),
                    security.viewerRole(),
                    security.operatorRole(),
                    security.anonymousReads() ? "allowed" : "refused");
        }
        return http.build();
    }

    /** Refuses a change before authentication when no password is configured, or when it is a simple request. */
    private static final class ChangeRequestFilter extends OncePerRequestFilter {

        private final JsonMapper json;
        private final boolean passwordConfigured;

        /** @param passwordConfigured whether anyone can sign in to change: an operator password or bearer tokens */
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
            String authorization = request.getHeader("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return true; // a browser never adds a bearer token by itself, so no cross-site form can send one
            }
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
    @ConditionalOnMissingBean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @ConditionalOnMissingBean(UserDetailsService.class)
    UserDetailsService operator(ScalePocProperties properties, PasswordEncoder encoder) {
        ControlProperties control = properties.control();
        if (!control.hasPassword()) {
            log.warn("No scalepoc.control.password (SCALEPOC_CONTROL_PASSWORD) is set: the control API answers every "
                    + "change with 503 until one is (reads stay open)");
            return new InMemoryUserDetailsManager();
        }
        return new InMemoryUserDetailsManager(User.withUsername(control.username())
                .password(encoder.encode(control.password()))
                .roles(ROLE, VIEWER)
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
