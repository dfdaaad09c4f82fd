//! Sales and purchasing: documents (quotes to invoices, orders to bills), their
//! printed papers, partners, payments, and receivables and payables.
//!
//! Each module is a page; what two pages share is in `crate::components`.

mod document_form;
mod document_print;
mod document_view;
mod documents;
mod partners;
mod payments;
mod receivables;

pub use document_form::{EditDocumentPage, NewDocumentPage};
pub use document_print::{DocumentPrintPage, ReceiptPrintPage};
pub use document_view::DocumentPage;
pub use documents::DocumentsPage;
pub use partners::{PartnerPage, PartnersPage};
pub use payments::NewPaymentPage;
pub use receivables::ReceivablesPage;
