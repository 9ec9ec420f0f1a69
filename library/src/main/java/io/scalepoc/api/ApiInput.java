package io.scalepoc.api;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Checks of request parameters the controllers share; a bad one is a 400. */
final class ApiInput {

    private ApiInput() {}

    /** A page size between 1 and {@code max}, or 400. */
    static void requireLimit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "limit must be between 1 and " + max + ", but is " + limit);
        }
    }
}
