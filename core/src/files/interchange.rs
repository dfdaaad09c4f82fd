//! CSV import and export of journal entries, partners and items (helper:
//! interchange fills this module; see the issue).
