//! The books and the open book's own screens: the book list, a new book, the
//! open book around every screen, its dashboard, its settings and the business
//! profile its documents show.
//!
//! Each module is a page; what two pages share is in `crate::components`.

mod book_list;
mod business_profile;
mod dashboard;
mod new_book;
mod open_book;
mod settings;

pub use book_list::BookListPage;
pub use business_profile::BusinessProfilePage;
pub use dashboard::DashboardPage;
pub use new_book::NewBookPage;
pub use open_book::{BookHome, BookPage};
pub use settings::SettingsPage;
