//! The business as its documents show it: address, registration number, bank
//! account for transfers, logo and seal. One record per book (its id the book's).

use serde::{Deserialize, Serialize};

use super::{BankDetails, RegistrationNumber};
use crate::book::{Book, Record, WriteCtx};
use crate::ids::RecordId;
use crate::money::Rounding;
use crate::sync::{Change, ChangeSet};

use super::PartnerError;

/// Where income tax withheld by a customer is booked when the payment comes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WithholdingBooking {
    /// 事業主貸: the usual choice for a sole proprietor (income tax is private).
    #[default]
    OwnerDrawings,
    /// 仮払税金 (an account with the PrepaidTax role).
    PrepaidTax,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BusinessProfile {
    pub book_id: RecordId,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// Our own registration number, printed on qualified invoices.
    #[serde(default)]
    pub registration_number: Option<RegistrationNumber>,
    /// The account customers pay into, printed on invoices.
    #[serde(default)]
    pub bank: BankDetails,
    /// How document tax is rounded, once per document per rate (切り捨て by default).
    #[serde(default)]
    pub tax_rounding: Rounding,
    #[serde(default)]
    pub withholding_booking: WithholdingBooking,
    /// Attachment ids of the logo and the seal (角印) images.
    #[serde(default)]
    pub logo: Option<RecordId>,
    #[serde(default)]
    pub seal: Option<RecordId>,
    /// Printed under every invoice (e.g. お振込手数料は貴社にてご負担ください).
    #[serde(default)]
    pub invoice_note: String,
    /// The business uses the small-purchase relief (少額特例): the user has
    /// checked it qualifies ([`SmallPurchaseRelief`]).
    ///
    /// [`SmallPurchaseRelief`]: crate::ledger::SmallPurchaseRelief
    #[serde(default)]
    pub small_purchase_relief: bool,
}

/// Saves the profile (the form gives the registration number as typed; blank
/// means none; a check digit that does not match is refused unless the user
/// confirmed the number). The record takes the book's id, so a book has one
/// profile.
pub fn save_business_profile(
    book: &Book,
    profile: BusinessProfile,
    registration_number: &str,
    check_digit_confirmed: bool,
    ctx: WriteCtx,
) -> Result<ChangeSet, PartnerError> {
    let typed = registration_number.trim();
    let registration_number = match (typed.is_empty(), check_digit_confirmed) {
        (true, _) => None,
        (false, true) => Some(RegistrationNumber::parse_shape(typed)?),
        (false, false) => Some(RegistrationNumber::parse(typed)?),
    };
    let profile = BusinessProfile {
        book_id: book.settings().map_or(profile.book_id, |s| s.book_id),
        postal_code: profile.postal_code.trim().to_string(),
        address: profile.address.trim().to_string(),
        phone: profile.phone.trim().to_string(),
        email: profile.email.trim().to_string(),
        registration_number,
        invoice_note: profile.invoice_note.trim().to_string(),
        ..profile
    };
    Ok(ctx.change_set(vec![Change::Put {
        record: Record::BusinessProfile(profile),
    }]))
}

/// What a document's paper is titled. An unregistered business must not issue a
/// document that could be mistaken for a qualified invoice (消費税法57条の5,
/// 適格請求書類似書類等の交付の禁止), so its simplified invoices and credit notes
/// drop 「適格」 from their titles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaperTitle {
    /// The kind's own title (請求書, 納品書, …).
    Kind(super::DocumentKind),
    /// A monthly consolidated invoice (合計請求書).
    Consolidated,
    /// 適格簡易請求書 when `qualified`, else 簡易請求書.
    Simplified { qualified: bool },
    /// 適格返還請求書 when `qualified`, else 返品・値引明細書.
    CreditNote { qualified: bool },
}

impl BusinessProfile {
    /// Whether the business issues qualified invoices (適格請求書発行事業者):
    /// it has a registration number.
    pub fn issues_qualified_invoices(&self) -> bool {
        self.registration_number.is_some()
    }
}

/// The title of `doc`'s paper when `issuer` (the book's profile, if any) issues it.
pub fn paper_title(doc: &super::Document, issuer: Option<&BusinessProfile>) -> PaperTitle {
    use super::{DocumentKind, InvoiceForm};
    let qualified = issuer.is_some_and(BusinessProfile::issues_qualified_invoices);
    match (doc.kind, doc.form) {
        (DocumentKind::Invoice, _) if !doc.consolidates.is_empty() => PaperTitle::Consolidated,
        (DocumentKind::Invoice, InvoiceForm::Simplified) => PaperTitle::Simplified { qualified },
        (DocumentKind::CreditNote, _) => PaperTitle::CreditNote { qualified },
        (kind, _) => PaperTitle::Kind(kind),
    }
}
