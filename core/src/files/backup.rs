//! The whole-book backup file (helper: backup fills this module; see the issue).
