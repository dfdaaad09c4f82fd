//! Fiscal year close and private-use splits (being written).
