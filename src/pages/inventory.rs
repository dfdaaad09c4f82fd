//! Stock: items, stock reports, moves by hand, stocktakes, and how the book
//! values and posts its stock.
//!
//! Each module is a page; what two pages share is in `crate::components`.

mod inventory_settings;
mod items;
mod stock_moves;
mod stock_reports;
mod stocktake;

pub use inventory_settings::InventorySettingsPage;
pub use items::{EditItemPage, ItemPage, ItemsPage, NewItemPage};
pub use stock_moves::NewStockMovePage;
pub use stock_reports::StockReportsPage;
pub use stocktake::{CountSheetPrintPage, StocktakePage, StocktakesPage};
