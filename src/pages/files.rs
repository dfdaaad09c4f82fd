//! Files in and out: backups (Data), device sync, bank statements, CSV, the
//! accountant's formats, and how the files are kept (電子帳簿保存).
//!
//! Each module is a page; what two pages share is in `crate::components`.

mod accountant;
mod bank_import;
mod csv_files;
mod data;
mod e_bookkeeping;
mod sync;

pub use accountant::AccountantPage;
pub use bank_import::BankImportPage;
pub use csv_files::CsvFilesPage;
pub use data::DataPage;
pub use e_bookkeeping::EBookkeepingPage;
pub use sync::SyncPage;
