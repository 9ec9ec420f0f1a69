package io.scalepoc.control.web;

import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.config.ScalePocProperties.ControlProperties;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads are open (GET and HEAD: the API, the status page, the actuator endpoints, which are only
 * health, info, prometheus and ownership); every other request needs HTTP Basic credentials of the
 * one operator in {@code scalepoc.control}. Without a configured password every change is refused.
 * Missing or wrong credentials get 401 and an insufficient role 403, both as {@code
 * application/problem+json}. Stateless: no session, no CSRF token (no cookies are ever issued).
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ApiSecurityConfiguration.class);
    static final String ROLE = "OPERATOR";

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, JsonMapper json) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            // Scripts (the status page) say so, and get no challenge: the browser would prompt itself.
            if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"scale-poc\"");
            }
            writeProblem(
                    json,
                    response,
                    HttpStatus.UNAUTHORIZED,
                    request.getRequestURI(),
                    "Changes need the operator's credentials (HTTP Basic)");
        };
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
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

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService operator(ScalePocProperties properties, PasswordEncoder encoder) {
        ControlProperties control = properties.control();
        if (!control.hasPassword()) {
            log.warn("No scalepoc.control.password: the control API refuses every change (reads stay open)");
            return new InMemoryUserDetailsManager();
        }
        return new InMemoryUserDetailsManager(User.withUsername(control.username())
                .password(encoder.encode(control.password()))
                .roles(ROLE)
                .build());
    }

    private static void writeProblem(
            JsonMapper json,
            jakarta.servlet.http.HttpServletResponse response,
            HttpStatus status,
            String path,
            String detail)
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
