-- Aggregates for the dashboard, maintained in the same transaction as each report, so the dashboard
-- reads a few small tables instead of every run. Days are UTC dates. app_version '*' in
-- installation_gaps, gaps_by and daily_active stands for "any version": those count installations,
-- and an installation that changed version must still count once when no version is chosen.

-- Installations by the last day they reported and one attribute (dim: all, backend, installation_type,
-- java, os_arch, country, cloud, telemetry). An installation sits in exactly one row per dim: the
-- active installations of the days [start, today] are the sum over last_day >= start.
CREATE TABLE active_by (
    last_day     DATE         NOT NULL,
    app_name     VARCHAR(64)  NOT NULL,
    app_version  VARCHAR(64)  NOT NULL,
    dim          VARCHAR(24)  NOT NULL,
    val          VARCHAR(128) NOT NULL,
    installations BIGINT      NOT NULL,
    PRIMARY KEY (last_day, app_name, app_version, dim, val)
);

-- Installations reporting on each day.
CREATE TABLE daily_active (
    on_day       DATE        NOT NULL,
    app_name     VARCHAR(64) NOT NULL,
    app_version  VARCHAR(64) NOT NULL,
    installations BIGINT     NOT NULL,
    PRIMARY KEY (on_day, app_name, app_version)
);

-- Dispatches per day, the growth of the cumulative reports of that day.
CREATE TABLE daily_commands (
    on_day      DATE        NOT NULL,
    app_name    VARCHAR(64) NOT NULL,
    app_version VARCHAR(64) NOT NULL,
    command     VARCHAR(64) NOT NULL,
    count       BIGINT      NOT NULL,
    failures    BIGINT      NOT NULL,
    total_us    BIGINT      NOT NULL,
    b00 BIGINT NOT NULL, b01 BIGINT NOT NULL, b02 BIGINT NOT NULL, b03 BIGINT NOT NULL, b04 BIGINT NOT NULL,
    b05 BIGINT NOT NULL, b06 BIGINT NOT NULL, b07 BIGINT NOT NULL, b08 BIGINT NOT NULL, b09 BIGINT NOT NULL,
    b10 BIGINT NOT NULL, b11 BIGINT NOT NULL, b12 BIGINT NOT NULL, b13 BIGINT NOT NULL, b14 BIGINT NOT NULL,
    b15 BIGINT NOT NULL, b16 BIGINT NOT NULL, b17 BIGINT NOT NULL, b18 BIGINT NOT NULL, b19 BIGINT NOT NULL,
    b20 BIGINT NOT NULL, b21 BIGINT NOT NULL, b22 BIGINT NOT NULL, b23 BIGINT NOT NULL, b24 BIGINT NOT NULL,
    b25 BIGINT NOT NULL, b26 BIGINT NOT NULL, b27 BIGINT NOT NULL, b28 BIGINT NOT NULL,
    PRIMARY KEY (on_day, app_name, app_version, command)
);

-- Results other than ok per day (code -1: none).
CREATE TABLE daily_results (
    on_day      DATE        NOT NULL,
    app_name    VARCHAR(64) NOT NULL,
    app_version VARCHAR(64) NOT NULL,
    command     VARCHAR(64) NOT NULL,
    operator    VARCHAR(65) NOT NULL,
    result      VARCHAR(64) NOT NULL,
    code        INTEGER     NOT NULL,
    count       BIGINT      NOT NULL,
    PRIMARY KEY (on_day, app_name, app_version, command, operator, result, code)
);

-- Per installation, the last day it hit each failing (command, operator, result, code).
CREATE TABLE installation_gaps (
    uuid        VARCHAR(36) NOT NULL,
    app_name    VARCHAR(64) NOT NULL,
    app_version VARCHAR(64) NOT NULL,
    command     VARCHAR(64) NOT NULL,
    operator    VARCHAR(65) NOT NULL,
    result      VARCHAR(64) NOT NULL,
    code        INTEGER     NOT NULL,
    last_day    DATE        NOT NULL,
    PRIMARY KEY (uuid, app_name, app_version, command, operator, result, code)
);

-- Installations by the last day they hit a failing (command, operator, result, code): the
-- installations that hit it in [start, today] are the sum over last_day >= start.
CREATE TABLE gaps_by (
    last_day    DATE        NOT NULL,
    app_name    VARCHAR(64) NOT NULL,
    app_version VARCHAR(64) NOT NULL,
    command     VARCHAR(64) NOT NULL,
    operator    VARCHAR(65) NOT NULL,
    result      VARCHAR(64) NOT NULL,
    code        INTEGER     NOT NULL,
    installations BIGINT    NOT NULL,
    PRIMARY KEY (last_day, app_name, app_version, command, operator, result, code)
);

CREATE INDEX installations_last_seen ON installations (last_seen);

-- The report format allows 128 printable characters in each runtime field (ReportParser): the
-- columns must hold what validation lets through, or a valid report fails with a database error.
ALTER TABLE installations ALTER COLUMN java_version SET DATA TYPE VARCHAR(128);
ALTER TABLE installations ALTER COLUMN os SET DATA TYPE VARCHAR(128);
ALTER TABLE installations ALTER COLUMN arch SET DATA TYPE VARCHAR(128);
