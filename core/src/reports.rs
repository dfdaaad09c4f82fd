//! Reports as data (being written).
