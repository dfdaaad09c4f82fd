//! The screens, one module per route. Each page reads the open book or the
//! book list and writes through `crate::app::OpenBook::write`.

mod book;
mod files;
mod inventory;
mod ledger;
mod not_found;
mod reports;
mod trade;

pub use book::*;
pub use files::*;
pub use inventory::*;
pub use ledger::*;
pub use not_found::NotFound;
pub use reports::ReportsPage;
pub use trade::*;
