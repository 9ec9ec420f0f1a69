package io.scalepoc.api;

import io.scalepoc.monitoring.Alerts;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /api/alerts}: the open alerts, or the latest resolved ones (docs/monitoring.md). */
@RestController
@RequestMapping("/api")
class AlertsController {

    static final int MAX_ALERTS = 1000;

    private final Alerts alerts;

    AlertsController(Alerts alerts) {
        this.alerts = alerts;
    }

    @GetMapping("/alerts")
    List<AlertView> alerts(
            @RequestParam(defaultValue = "open") String state, @RequestParam(defaultValue = "100") int limit) {
        ApiInput.requireLimit(limit, MAX_ALERTS);
        return switch (state) {
            case "open" -> alerts.open().stream()
                    .limit(limit)
                    .map(AlertView::of)
                    .toList();
            case "resolved" -> alerts.resolved(limit).stream()
                    .map(AlertView::of)
                    .toList();
            default -> throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "state must be 'open' or 'resolved', but is '" + state + "'");
        };
    }
}
