//! Money Forward's journal import CSV (helper: accountant fills this module).
