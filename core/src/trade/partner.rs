//! Partners (取引先): customers and suppliers in one list; a partner can be both.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::book::{Book, WriteCtx};
use crate::ids::RecordId;
use crate::sync::ChangeSet;

use super::PriceBasis;

/// How a recipient is addressed on a printed document: a company or a
/// department takes 御中, a person 様.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Honorific {
    /// 御中
    #[default]
    Company,
    /// 様
    Person,
}

/// A qualified-invoice issuer registration number (適格請求書発行事業者登録番号):
/// `T` and 13 digits whose first digit is a check digit over the other twelve.
/// Only a valid one can be constructed or deserialized.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegistrationNumber(String);

/// When a partner pays (or is paid).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "terms", rename_all = "snake_case")]
pub enum PaymentTerms {
    /// Closing on a day of the month and paying a number of months later on a
    /// day (月末締め翌月末払い is closing `None`, one month later, paying `None`).
    /// `None` days mean the end of the month.
    MonthlyClosing {
        closing_day: Option<u8>,
        months_later: u8,
        pay_day: Option<u8>,
    },
    /// A number of days after the document's date.
    NetDays { days: u16 },
}

impl Default for PaymentTerms {
    /// 月末締め翌月末払い: the most common terms between Japanese businesses.
    fn default() -> Self {
        PaymentTerms::MonthlyClosing {
            closing_day: None,
            months_later: 1,
            pay_day: None,
        }
    }
}

/// 普通 or 当座.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BankAccountKind {
    /// 普通
    #[default]
    Ordinary,
    /// 当座
    Checking,
}

/// A bank account to pay into (a supplier's) or to show on an invoice (ours).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BankDetails {
    pub bank_name: String,
    pub branch_name: String,
    pub account_kind: BankAccountKind,
    pub account_number: String,
    /// The holder's name as the bank has it (half-width kana in Japan).
    pub holder: String,
}

/// A customer or supplier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    pub id: RecordId,
    pub name: String,
    /// Kana reading, for searching by sound.
    #[serde(default)]
    pub reading: String,
    pub is_customer: bool,
    pub is_supplier: bool,
    #[serde(default)]
    pub honorific: Honorific,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub address: String,
    /// The person to address (担当者).
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub payment_terms: PaymentTerms,
    /// Whether this partner's documents quote prices with tax or without.
    #[serde(default)]
    pub price_basis: PriceBasis,
    #[serde(default)]
    pub registration_number: Option<RegistrationNumber>,
    /// Whether the partner is a registered qualified-invoice issuer: a purchase
    /// from one who is not is only partly creditable (the dated table).
    #[serde(default)]
    pub registered_issuer: bool,
    #[serde(default)]
    pub bank: BankDetails,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub archived: bool,
}

/// What the partner form submits. The registration number is the text typed.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PartnerInput {
    pub name: String,
    pub reading: String,
    pub is_customer: bool,
    pub is_supplier: bool,
    pub honorific: Honorific,
    pub postal_code: String,
    pub address: String,
    pub contact: String,
    pub email: String,
    pub phone: String,
    pub payment_terms: PaymentTerms,
    pub price_basis: PriceBasis,
    pub registration_number: String,
    pub registered_issuer: bool,
    pub bank: BankDetails,
    pub notes: String,
    pub archived: bool,
}

/// Why a partner cannot be saved, per field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartnerError {
    #[error("a partner needs a name")]
    BlankName,
    #[error("the name is longer than {max} characters")]
    NameTooLong { max: usize },
    #[error("a partner is a customer, a supplier, or both")]
    NoRole,
    #[error("a registration number is T followed by 13 digits")]
    RegistrationFormat,
    #[error("the registration number's check digit is wrong; check for a typo")]
    RegistrationCheckDigit,
    #[error("a registered issuer needs a registration number")]
    RegisteredWithoutNumber,
    #[error("a closing or paying day is from 1 to 28, or the end of the month")]
    InvalidTermsDay,
    #[error("the partner was not found")]
    NotFound,
}

impl TryFrom<String> for RegistrationNumber {
    type Error = PartnerError;
    fn try_from(text: String) -> Result<Self, PartnerError> {
        RegistrationNumber::parse(&text)
    }
}

impl From<RegistrationNumber> for String {
    fn from(number: RegistrationNumber) -> String {
        number.0
    }
}

impl RegistrationNumber {
    /// Reads what a person typed: full-width digits, spaces and hyphens are
    /// accepted (T1-2345-…); the result is the plain `T` + 13 digits.
    pub fn parse(text: &str) -> Result<RegistrationNumber, PartnerError> {
        todo!("{text}")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl PaymentTerms {
    /// The due date of a document dated `date` under these terms.
    pub fn due_date(&self, date: NaiveDate) -> NaiveDate {
        todo!("{date}")
    }
}

/// Adds or changes a partner.
pub fn save_partner(
    book: &Book,
    id: RecordId,
    input: PartnerInput,
    ctx: WriteCtx,
) -> Result<ChangeSet, PartnerError> {
    let _ = (book, id, input, ctx);
    todo!()
}

/// Partners whose name, reading or registration number contains the query
/// (case-, width- and kana-insensitive), archived ones last; all of them, by
/// reading, for an empty query.
pub fn search_partners<'a>(book: &'a Book, query: &str) -> Vec<&'a Partner> {
    let _ = (book, query);
    todo!()
}
