-- One row per installation, with what it last said about itself and what the beacon derived
-- from the connection. The client's address itself is never stored.
CREATE TABLE installations (
    uuid              VARCHAR(36)  NOT NULL PRIMARY KEY,
    first_seen        TIMESTAMP    NOT NULL,
    last_seen         TIMESTAMP    NOT NULL,
    app_name          VARCHAR(64)  NOT NULL,
    app_version       VARCHAR(64)  NOT NULL,
    backend           VARCHAR(64)  NOT NULL,
    installation_type VARCHAR(16)  NOT NULL,
    build_tags        VARCHAR(600) NOT NULL,
    java_version      VARCHAR(64)  NOT NULL,
    java_vendor       VARCHAR(128) NOT NULL,
    os                VARCHAR(64)  NOT NULL,
    arch              VARCHAR(32)  NOT NULL,
    telemetry         VARCHAR(16)  NOT NULL,
    asn               BIGINT,
    as_org            VARCHAR(256),
    country           VARCHAR(2),
    cloud_provider    VARCHAR(16),
    cloud_region      VARCHAR(64)
);

-- The latest cumulative report of each process run: a later sequence replaces an earlier one.
CREATE TABLE runs (
    run_id           VARCHAR(36) NOT NULL PRIMARY KEY,
    uuid             VARCHAR(36) NOT NULL,
    sequence         BIGINT      NOT NULL,
    received_at      TIMESTAMP   NOT NULL,
    uptime_s         BIGINT      NOT NULL,
    app_version      VARCHAR(64) NOT NULL,
    agent_version    VARCHAR(64) NOT NULL,
    profile          VARCHAR(64) NOT NULL,
    dropped_commands BIGINT      NOT NULL,
    dropped_results  BIGINT      NOT NULL,
    omitted_commands BIGINT      NOT NULL,
    omitted_results  BIGINT      NOT NULL
);
CREATE INDEX runs_uuid ON runs (uuid);
CREATE INDEX runs_received_at ON runs (received_at);

CREATE TABLE run_commands (
    run_id    VARCHAR(36) NOT NULL,
    command   VARCHAR(64) NOT NULL,
    count     BIGINT      NOT NULL,
    failures  BIGINT      NOT NULL,
    total_us  BIGINT      NOT NULL,
    histogram VARCHAR(600) NOT NULL,
    PRIMARY KEY (run_id, command)
);

-- code is -1 when the error has no numeric code
CREATE TABLE run_results (
    run_id   VARCHAR(36) NOT NULL,
    command  VARCHAR(64) NOT NULL,
    operator VARCHAR(65) NOT NULL,
    result   VARCHAR(64) NOT NULL,
    code     INTEGER     NOT NULL,
    count    BIGINT      NOT NULL,
    PRIMARY KEY (run_id, command, operator, result, code)
);
