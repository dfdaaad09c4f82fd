//! The screens, one module per route. Each page reads the open book or the
//! book list and writes through `crate::app::OpenBook::write`.

mod accounts;
mod book;
mod book_list;
mod business_profile;
mod closing;
mod dashboard;
mod data;
mod demo;
mod document_form;
mod document_print;
mod document_view;
mod documents;
mod entry_form;
mod journal;
mod new_book;
mod not_found;
mod partners;
mod payments;
mod quick_entry;
mod receivables;
mod reports;
mod settings;
mod settings_form;

pub use accounts::AccountsPage;
pub use book::{BookHome, BookPage};
pub use book_list::BookListPage;
pub use business_profile::BusinessProfilePage;
pub use closing::ClosingPage;
pub use dashboard::DashboardPage;
pub use data::DataPage;
pub use document_form::{EditDocumentPage, NewDocumentPage};
pub use document_print::{DocumentPrintPage, ReceiptPrintPage};
pub use document_view::DocumentPage;
pub use documents::DocumentsPage;
pub use journal::{CorrectEntryPage, EntryPage, JournalPage, NewEntryPage};
pub use new_book::NewBookPage;
pub use not_found::NotFound;
pub use partners::{PartnerPage, PartnersPage};
pub use payments::NewPaymentPage;
pub use quick_entry::QuickEntryPage;
pub use receivables::ReceivablesPage;
pub use reports::ReportsPage;
pub use settings::SettingsPage;
