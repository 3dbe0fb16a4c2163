-- When a report's additions were stored, as UTC epoch milliseconds: how far the folded aggregates lag
-- behind (/metrics, /health, the dashboard's freshness). Rows stored before this migration have none
-- and count as pending without an age.
ALTER TABLE pending_changes ADD COLUMN received_ms BIGINT;
