-- Optimistic locking: every save of a profile increments its version.

ALTER TABLE profiles ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
