-- The team's own tables, in its own schema, migrated by its own Flyway (Boot's). scale-poc's tables are in
-- datasync and source, migrated by scale-poc's Flyway, which never reads this directory.
CREATE TABLE team.invoice (
    id           BIGINT PRIMARY KEY,
    amount_cents BIGINT NOT NULL,
    currency     CHAR(3) NOT NULL
);

INSERT INTO team.invoice (id, amount_cents, currency)
SELECT n, (n * 7919) % 100000, CASE n % 3 WHEN 0 THEN 'EUR' WHEN 1 THEN 'USD' ELSE 'GBP' END
FROM generate_series(1, 5000) AS n;

-- No unique key on purpose: a row written twice would show as a duplicate, not as a failed run.
CREATE TABLE team.invoice_total (
    invoice_id BIGINT NOT NULL,
    amount     NUMERIC(12, 2) NOT NULL,
    currency   CHAR(3) NOT NULL
);

CREATE TABLE team.report (
    at       TIMESTAMPTZ NOT NULL,
    invoices BIGINT NOT NULL
);
