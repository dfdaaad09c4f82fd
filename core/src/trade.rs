//! Sales and purchasing (販売・購買): partners, the documents that flow from a
//! quote to an invoice and from a purchase order to a bill, the payments that
//! settle them, and the journal entries they post.
//!
//! The flow, and where each rule lives:
//! - `partner.rs` — customers and suppliers in one list, with the invoice
//!   registration number (T + 13 digits, check digit validated) and payment terms.
//! - `document.rs` — [`Document`]: one record type for every kind of sales and
//!   purchasing document ([`DocumentKind`]); its lines can point at the line they
//!   were copied from ([`LineRef`]), which is how partial deliveries are counted.
//! - `totals.rs` — the tax once per document per rate, with the book's rounding
//!   rule, and the income-tax withholding (源泉徴収) on a freelancer's fee.
//! - `posting.rs` — the journal entry an issued invoice, credit note or bill
//!   posts, and the one a payment posts.
//! - `commands.rs` — drafts, issue (numbering plus posting in one change set),
//!   cancel (a reversal, never an edit), copy-forward, the monthly consolidated
//!   invoice (締め請求) and the chain of documents.
//! - `numbering.rs` — document numbers from a series per kind and device, so two
//!   laptops issuing offline, or a book restored on a new laptop, never produce
//!   the same number (`docs/numbering.md`).
//! - `payment.rs` — receipts and payments, allocated explicitly to documents.
//!
//! Receivables and payables (open items, aging, statements, the cash forecast)
//! are reports: `reports/receivables.rs`.

mod commands;
mod document;
mod error;
mod numbering;
mod partner;
mod payment;
mod payment_form;
mod posting;
mod profile;
mod totals;

pub use commands::{
    book_totals, cancel_document, code_fits_side, consolidated_invoice, copy_forward,
    delete_document_draft, document_chain, issue_document, reissue_draft, remaining_quantities,
    save_document_draft, totals_now, ChainLink, ChainRelation,
};
pub use document::{
    Document, DocumentKind, DocumentLine, DocumentStatus, InvoiceForm, LineRef, PriceBasis,
    StatedTax, TradeSide, WithholdingRule,
};
pub use error::{LineProblem, StatedTaxProblem, TradeError};
pub use numbering::{
    child_code, child_tag, claim_series_before_sending, claim_series_from_file,
    claim_series_on_arrival, device_series, duplicate_numbers, next_invoice_of, next_number,
    reservation, series_head, DeviceSeries, MAX_SEQUENCE,
};
pub use partner::{
    save_partner, search_partners, BankAccountKind, BankDetails, Honorific, Partner, PartnerError,
    PartnerInput, PaymentTerms, RegistrationNumber, MAX_PARTNER_NAME_CHARS,
};
pub use payment::{
    cancel_payment, record_payment, Allocation, Payment, PaymentDirection, PaymentInput,
    PaymentStatus,
};
pub use payment_form::{
    default_money_account, money_accounts, open_items_to_settle, prefill_from, spread_oldest_first,
    Prefill,
};
pub(crate) use posting::purchase_line_costs;
pub use posting::{document_entry, payment_entry};
pub use profile::{
    paper_title, save_business_profile, BusinessProfile, PaperTitle, WithholdingBooking,
};
pub use totals::{document_totals, withholding_on, withholding_tax, CodeTotal, DocumentTotals};
