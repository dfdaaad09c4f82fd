//! Chart-of-accounts templates (being written).
