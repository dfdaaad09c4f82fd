//! # kura-core — Kura's domain, in pure Rust
//!
//! Everything Kura knows about books lives here and runs natively: no browser,
//! no Leptos, no IndexedDB. The app crate wraps this core with a UI and a storage
//! adapter. The core never reads the clock and never makes random ids: the caller
//! passes time and ids in (see [`sync::Hlc`] and [`ids::RecordId`]), so every test
//! is deterministic.
//!
//! Map:
//! - [`ids`]: record ids (ULID) and the device id.
//! - [`sync`]: hybrid logical clock stamps and change sets, the unit of every write.
//! - [`money`]: currencies with their minor units, amount parsing and rounding.
//! - [`locale`]: the UI languages and the one place numbers and dates are formatted.
//! - [`book`]: a book's settings and the in-memory [`book::Book`] folded from change sets.
//! - [`store`]: the persistence port ([`store::Store`]), an in-memory implementation,
//!   and the conformance suite every backend must pass.
//! - [`trade`]: partners, sales and purchasing documents, payments and what they post.
//! - [`inventory`]: items, stock moves, stocktakes and valuation.
//! - [`files`]: what comes in and goes out as files: backups, statements, CSV.
//! - [`export`]: formats other programs read (Yayoi, Money Forward, hledger).
#![forbid(unsafe_code)]

pub mod book;
pub mod demo;
pub mod export;
pub mod files;
pub mod hex;
pub mod ids;
pub mod inventory;
pub mod ledger;
pub mod locale;
pub mod money;
pub mod reports;
pub mod store;
pub mod sync;
pub mod trade;
