-- The demo: four source tables that the demo generator keeps changing, and their
-- targets in datasync that the four table-sync jobs keep up to date.

-- Change tracking for any source table a table-sync job reads: every insert or update stamps
-- the row with the writing transaction's id and a fresh version. The sync reads rows in
-- (row_txid, row_version) order and only from transactions older than the oldest one still
-- running, so a transaction that commits late can never slip in below the watermark.
CREATE SEQUENCE source.row_version_seq;

CREATE FUNCTION source.track_row_change() RETURNS trigger AS $$
BEGIN
    NEW.row_txid := pg_current_xact_id()::text::bigint;
    NEW.row_version := nextval('source.row_version_seq');
    NEW.updated_at := now();
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TABLE source.customers (
    id           BIGSERIAL PRIMARY KEY,
    name         TEXT        NOT NULL,
    email        TEXT        NOT NULL,
    country      CHAR(2)     NOT NULL,
    row_txid     BIGINT      NOT NULL DEFAULT 0,
    row_version  BIGINT      NOT NULL DEFAULT 0,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE source.products (
    id           BIGSERIAL PRIMARY KEY,
    sku          TEXT        NOT NULL,
    title        TEXT        NOT NULL,
    price_cents  BIGINT      NOT NULL,
    row_txid     BIGINT      NOT NULL DEFAULT 0,
    row_version  BIGINT      NOT NULL DEFAULT 0,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE source.orders (
    id           BIGSERIAL PRIMARY KEY,
    customer_id  BIGINT      NOT NULL,
    product_id   BIGINT      NOT NULL,
    quantity     INT         NOT NULL,
    status       TEXT        NOT NULL,
    row_txid     BIGINT      NOT NULL DEFAULT 0,
    row_version  BIGINT      NOT NULL DEFAULT 0,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE source.payments (
    id            BIGSERIAL PRIMARY KEY,
    order_id      BIGINT      NOT NULL,
    amount_cents  BIGINT      NOT NULL,
    currency      CHAR(3)     NOT NULL,
    method        TEXT        NOT NULL,
    row_txid      BIGINT      NOT NULL DEFAULT 0,
    row_version   BIGINT      NOT NULL DEFAULT 0,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TRIGGER customers_track BEFORE INSERT OR UPDATE ON source.customers FOR EACH ROW EXECUTE FUNCTION source.track_row_change();
CREATE TRIGGER products_track  BEFORE INSERT OR UPDATE ON source.products  FOR EACH ROW EXECUTE FUNCTION source.track_row_change();
CREATE TRIGGER orders_track    BEFORE INSERT OR UPDATE ON source.orders    FOR EACH ROW EXECUTE FUNCTION source.track_row_change();
CREATE TRIGGER payments_track  BEFORE INSERT OR UPDATE ON source.payments  FOR EACH ROW EXECUTE FUNCTION source.track_row_change();

CREATE INDEX customers_change_idx ON source.customers (row_txid, row_version);
CREATE INDEX products_change_idx  ON source.products  (row_txid, row_version);
CREATE INDEX orders_change_idx    ON source.orders    (row_txid, row_version);
CREATE INDEX payments_change_idx  ON source.payments  (row_txid, row_version);

-- Targets: transformed copies, with the source version they were synced from.
CREATE TABLE datasync.customers (
    id              BIGINT PRIMARY KEY,
    full_name       TEXT        NOT NULL,
    email           TEXT        NOT NULL,
    country         CHAR(2)     NOT NULL,
    source_version  BIGINT      NOT NULL,
    synced_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE datasync.products (
    id              BIGINT PRIMARY KEY,
    sku             TEXT          NOT NULL,
    title           TEXT          NOT NULL,
    price           NUMERIC(14,2) NOT NULL,
    source_version  BIGINT        NOT NULL,
    synced_at       TIMESTAMPTZ   NOT NULL DEFAULT now()
);

CREATE TABLE datasync.orders (
    id              BIGINT PRIMARY KEY,
    customer_id     BIGINT      NOT NULL,
    product_id      BIGINT      NOT NULL,
    quantity        INT         NOT NULL,
    status          TEXT        NOT NULL,
    source_version  BIGINT      NOT NULL,
    synced_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE datasync.payments (
    id              BIGINT PRIMARY KEY,
    order_id        BIGINT        NOT NULL,
    amount          NUMERIC(14,2) NOT NULL,
    currency        CHAR(3)       NOT NULL,
    method          TEXT          NOT NULL,
    source_version  BIGINT        NOT NULL,
    synced_at       TIMESTAMPTZ   NOT NULL DEFAULT now()
);
