//! # kura — the browser app around `kura-core`
//!
//! A Leptos 0.8 client-side app. It owns everything that needs a browser:
//! - [`storage`]: the IndexedDB adapter (the only module that touches IndexedDB),
//! - [`platform`]: the clock, random ids, the device id, storage quota, tab messages,
//! - [`i18n`]: every text on screen, in Japanese and English,
//! - [`components`]: shared widgets (table, dialog, toast, inputs),
//! - [`pages`] and [`app`]: the screens and the shell around them,
//! - [`routes`]: every address, typed; links are made from it.
//!
//! The domain rules live in `kura-core`; this crate only calls them.

pub mod app;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod platform;
pub mod routes;
pub mod storage;
