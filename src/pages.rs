//! The screens, one module per route. Each page reads the open book or the
//! book list and writes through `crate::app::OpenBook::write`.

mod book;
mod book_list;
mod data;
mod new_book;
mod not_found;
mod settings;
mod settings_form;

pub use book::{BookHome, BookPage};
pub use book_list::BookListPage;
pub use data::DataPage;
pub use new_book::NewBookPage;
pub use not_found::NotFound;
pub use settings::SettingsPage;
