//! The demo book generator (being written).
