//! Partners (取引先): customers and suppliers in one list; a partner can be both.

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::book::{Book, Record, WriteCtx};
use crate::ids::RecordId;
use crate::ledger::BusinessClass;
use crate::reports::{add_months, first_of_month, fold_text};
use crate::sync::{Change, ChangeSet};

use super::PriceBasis;

/// The longest partner name, in characters.
pub const MAX_PARTNER_NAME_CHARS: usize = 100;

/// The latest closing or paying day a month always has; later means the end of
/// the month (`None`).
const LAST_FIXED_DAY: u8 = 28;

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
/// `T` and 13 digits. Only that shape can be constructed or deserialized.
///
/// The first digit is a check digit over the other twelve for companies (the
/// 法人番号 rule). Individuals' numbers are assigned by the tax office and no
/// public source confirms they follow the same rule, so a mismatch is a warning
/// the user can override ([`PartnerInput::check_digit_confirmed`]), not a refusal.
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
    /// Whether the partner is (or was) a registered qualified-invoice issuer: a
    /// purchase from one who is not registered on its date is only partly
    /// creditable (the dated table). See [`Partner::is_registered_on`].
    #[serde(default)]
    pub registered_issuer: bool,
    /// 登録年月日: the day the registration took effect; `None` when unknown
    /// (taken as registered for every date before the end).
    #[serde(default)]
    pub registered_from: Option<NaiveDate>,
    /// 失効年月日 (or 取消年月日): the day the registration stopped having effect;
    /// the partner is not registered on it or after.
    #[serde(default)]
    pub registered_until: Option<NaiveDate>,
    #[serde(default)]
    pub bank: BankDetails,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub archived: bool,
    /// The business class (簡易課税) of sales to this partner where the item
    /// sold has none: goods resold to a business are wholesale (第一種), to a
    /// consumer retail (第二種). `None`: the account's or the return's class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_class: Option<BusinessClass>,
}

impl Partner {
    /// Whether the partner was a registered issuer on a date: a bill dated then
    /// is a qualified invoice (消費税法57条の2; the 登録年月日 and 失効年月日 as the
    /// 公表サイト publishes them).
    pub fn is_registered_on(&self, date: NaiveDate) -> bool {
        self.registered_issuer
            && self.registered_from.is_none_or(|from| from <= date)
            && self.registered_until.is_none_or(|until| date < until)
    }

    /// What lists sort partners by: the reading (the name when it has none),
    /// kana folded so that readings in ひらがな and カタカナ sort together.
    pub fn sort_key(&self) -> String {
        let reading = if self.reading.is_empty() {
            &self.name
        } else {
            &self.reading
        };
        fold_text(reading)
    }
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
    /// The user has checked a number whose check digit does not match (the
    /// rule is not confirmed for individuals' numbers): save it as typed.
    pub check_digit_confirmed: bool,
    pub registered_issuer: bool,
    pub registered_from: Option<NaiveDate>,
    pub registered_until: Option<NaiveDate>,
    pub bank: BankDetails,
    pub notes: String,
    pub archived: bool,
    pub business_class: Option<BusinessClass>,
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
    #[error(
        "the registration number's check digit does not match; check for a typo, \
         or confirm the number as it is"
    )]
    RegistrationCheckDigit,
    #[error("a registered issuer needs a registration number")]
    RegisteredWithoutNumber,
    #[error("the registration ends ({until}) on or before the day it took effect ({from})")]
    RegistrationEndsBeforeItStarts { from: NaiveDate, until: NaiveDate },
    #[error("registration dates are for a registered issuer")]
    RegistrationDatesWithoutRegistration,
    #[error("a closing or paying day is from 1 to 28, or the end of the month")]
    InvalidTermsDay,
    #[error("the partner was not found")]
    NotFound,
}

impl TryFrom<String> for RegistrationNumber {
    type Error = PartnerError;
    /// A stored number is taken as it was saved: its shape is checked, its
    /// check digit is not (the user may have confirmed a mismatch).
    fn try_from(text: String) -> Result<Self, PartnerError> {
        RegistrationNumber::parse_shape(&text)
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
    /// A check digit that does not match is refused
    /// ([`PartnerError::RegistrationCheckDigit`]); see [`Self::parse_shape`].
    pub fn parse(text: &str) -> Result<RegistrationNumber, PartnerError> {
        let number = RegistrationNumber::parse_shape(text)?;
        if !number.check_digit_matches() {
            return Err(PartnerError::RegistrationCheckDigit);
        }
        Ok(number)
    }

    /// Reads the number's shape only (`T` and 13 digits, as [`Self::parse`]
    /// accepts them), whatever its check digit.
    pub fn parse_shape(text: &str) -> Result<RegistrationNumber, PartnerError> {
        let plain: String = fold_text(text)
            .chars()
            .filter(|c| !c.is_whitespace() && !is_dash(*c))
            .collect();
        let digits = plain
            .strip_prefix('t')
            .filter(|d| d.len() == 13 && d.bytes().all(|b| b.is_ascii_digit()))
            .ok_or(PartnerError::RegistrationFormat)?;
        Ok(RegistrationNumber(format!("T{digits}")))
    }

    /// Whether the first digit is the 法人番号 check digit of the other twelve.
    pub fn check_digit_matches(&self) -> bool {
        let values: Vec<u32> = self
            .0
            .bytes()
            .skip(1)
            .map(|b| u32::from(b - b'0'))
            .collect();
        values.first() == Some(&check_digit(&values[1..]))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Hyphens and dashes people put between groups of digits (an IME may give the
/// long-vowel mark, which folding has made full-width).
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | 'ー')
}

/// The corporate number's check digit (法人番号, which registration numbers of
/// companies are; sole proprietors' numbers follow the same rule): 9 minus the
/// weighted sum mod 9, the weights 1, 2, 1, 2… from the lowest-order digit.
fn check_digit(body: &[u32]) -> u32 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(n, d)| d * if n % 2 == 0 { 1 } else { 2 })
        .sum();
    9 - sum % 9
}

impl PaymentTerms {
    /// The due date of a document dated `date` under these terms. Monthly: the
    /// first closing on or after the date, then the paying day `months_later`
    /// months on (a day the month lacks is its last day); never before the closing.
    pub fn due_date(&self, date: NaiveDate) -> NaiveDate {
        match *self {
            PaymentTerms::NetDays { days } => date
                .checked_add_days(Days::new(u64::from(days)))
                .unwrap_or(NaiveDate::MAX),
            PaymentTerms::MonthlyClosing {
                closing_day,
                months_later,
                pay_day,
            } => {
                let month = first_of_month(date);
                let closing = match closing_day {
                    Some(day) if date.day() <= u32::from(day) => day_of(month, Some(day)),
                    Some(day) => day_of(add_months(month, 1), Some(day)),
                    None => day_of(month, None),
                };
                let paying = add_months(first_of_month(closing), u32::from(months_later));
                day_of(paying, pay_day).max(closing)
            }
        }
    }
}

/// The day of the month starting on `first`: `day`, or the month's last day
/// when it is `None` or the month is shorter.
fn day_of(first: NaiveDate, day: Option<u8>) -> NaiveDate {
    let last = add_months(first, 1).pred_opt().unwrap_or(first);
    day.and_then(|d| first.with_day(u32::from(d)))
        .unwrap_or(last)
}

/// Adds or changes a partner.
pub fn save_partner(
    book: &Book,
    id: RecordId,
    input: PartnerInput,
    ctx: WriteCtx,
) -> Result<ChangeSet, PartnerError> {
    // The book is not consulted yet: a partner stands alone (names may repeat,
    // as two customers can share one).
    let _ = book;
    let partner = validate(id, input)?;
    Ok(ctx.change_set(vec![Change::Put {
        record: Record::Partner(partner),
    }]))
}

fn validate(id: RecordId, input: PartnerInput) -> Result<Partner, PartnerError> {
    let name = input.name.trim().to_string();
    if name.is_empty() {
        return Err(PartnerError::BlankName);
    }
    if name.chars().count() > MAX_PARTNER_NAME_CHARS {
        return Err(PartnerError::NameTooLong {
            max: MAX_PARTNER_NAME_CHARS,
        });
    }
    if !input.is_customer && !input.is_supplier {
        return Err(PartnerError::NoRole);
    }
    let typed = input.registration_number.trim();
    let registration_number = (!typed.is_empty())
        .then(|| match input.check_digit_confirmed {
            true => RegistrationNumber::parse_shape(typed),
            false => RegistrationNumber::parse(typed),
        })
        .transpose()?;
    if input.registered_issuer && registration_number.is_none() {
        return Err(PartnerError::RegisteredWithoutNumber);
    }
    check_registration_dates(&input)?;
    check_terms(&input.payment_terms)?;
    let trim = |s: String| s.trim().to_string();
    Ok(Partner {
        id,
        name,
        reading: trim(input.reading),
        is_customer: input.is_customer,
        is_supplier: input.is_supplier,
        honorific: input.honorific,
        postal_code: trim(input.postal_code),
        address: trim(input.address),
        contact: trim(input.contact),
        email: trim(input.email),
        phone: trim(input.phone),
        payment_terms: input.payment_terms,
        price_basis: input.price_basis,
        registration_number,
        registered_issuer: input.registered_issuer,
        registered_from: input.registered_from,
        registered_until: input.registered_until,
        bank: BankDetails {
            bank_name: trim(input.bank.bank_name),
            branch_name: trim(input.bank.branch_name),
            account_kind: input.bank.account_kind,
            account_number: trim(input.bank.account_number),
            holder: trim(input.bank.holder),
        },
        notes: input.notes,
        archived: input.archived,
        business_class: input.business_class,
    })
}

/// The registration's dates belong to a registered issuer and end after they start.
fn check_registration_dates(input: &PartnerInput) -> Result<(), PartnerError> {
    let dated = input.registered_from.is_some() || input.registered_until.is_some();
    if dated && !input.registered_issuer {
        return Err(PartnerError::RegistrationDatesWithoutRegistration);
    }
    match (input.registered_from, input.registered_until) {
        (Some(from), Some(until)) if until <= from => {
            Err(PartnerError::RegistrationEndsBeforeItStarts { from, until })
        }
        _ => Ok(()),
    }
}

/// Closing and paying days are 1–28 (every month has them) or the month's end.
fn check_terms(terms: &PaymentTerms) -> Result<(), PartnerError> {
    let fixed = |day: Option<u8>| day.is_none_or(|d| (1..=LAST_FIXED_DAY).contains(&d));
    match *terms {
        PaymentTerms::MonthlyClosing {
            closing_day,
            pay_day,
            ..
        } if !(fixed(closing_day) && fixed(pay_day)) => Err(PartnerError::InvalidTermsDay),
        _ => Ok(()),
    }
}

/// Partners whose name, reading or registration number contains the query
/// (case-, width- and kana-insensitive), archived ones last; all of them, by
/// reading, for an empty query.
pub fn search_partners<'a>(book: &'a Book, query: &str) -> Vec<&'a Partner> {
    let needle = fold_text(query.trim());
    let mut found: Vec<(bool, String, &Partner)> = book
        .partners()
        .filter_map(|p| {
            let number = p.registration_number.as_ref().map_or("", |n| n.as_str());
            let hit = [p.name.as_str(), &p.reading, number]
                .into_iter()
                .any(|text| fold_text(text).contains(&needle));
            hit.then(|| (p.archived, p.sort_key(), p))
        })
        .collect();
    found.sort_by(|a, b| (a.0, &a.1, &a.2.name, a.2.id).cmp(&(b.0, &b.1, &b.2.name, b.2.id)));
    found.into_iter().map(|(_, _, p)| p).collect()
}
