//! The screens, one module per route. Each page reads the open book or the
//! book list and writes through `crate::app::OpenBook::write`.

mod accounts;
mod book;
mod book_list;
mod closing;
mod dashboard;
mod data;
mod demo;
mod entry_form;
mod journal;
mod new_book;
mod not_found;
mod quick_entry;
mod reports;
mod settings;
mod settings_form;

pub use accounts::AccountsPage;
pub use book::{BookHome, BookPage};
pub use book_list::BookListPage;
pub use closing::ClosingPage;
pub use dashboard::DashboardPage;
pub use data::DataPage;
pub use journal::{CorrectEntryPage, EntryPage, JournalPage, NewEntryPage};
pub use new_book::NewBookPage;
pub use not_found::NotFound;
pub use quick_entry::QuickEntryPage;
pub use reports::ReportsPage;
pub use settings::SettingsPage;
