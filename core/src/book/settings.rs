//! A book's settings: what the user chose when creating it, editable later.

use serde::{Deserialize, Serialize};

use super::{Book, Record};
use crate::ids::RecordId;
use crate::ledger::templates;
use crate::locale::Locale;
use crate::money::Currency;
use crate::sync::{Change, ChangeSet, Hlc};

/// The longest business or owner name accepted (it must fit on an invoice header).
pub const MAX_NAME_CHARS: usize = 100;

/// Which chart of accounts a book starts from. The accounting capability fills it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartTemplate {
    /// Follows the lines of the blue-return statement (青色申告決算書).
    #[default]
    JapanSoleProprietor,
    /// A generic English small-business chart.
    GenericSmallBusiness,
}

impl ChartTemplate {
    pub const ALL: [ChartTemplate; 2] = [
        ChartTemplate::JapanSoleProprietor,
        ChartTemplate::GenericSmallBusiness,
    ];
}

/// Whether amounts are booked with consumption tax included (税込経理) or with
/// the tax split out to 仮払消費税/仮受消費税 (税抜経理). Inclusive is the default:
/// it is what most small sole proprietors keep (and the only sensible choice for
/// a business exempt from the tax), and it needs no tax lines on entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxAccounting {
    /// 税込経理
    #[default]
    Inclusive,
    /// 税抜経理
    Exclusive,
}

/// The settings record of a book. Its id is the book's id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookSettings {
    pub book_id: RecordId,
    /// The business name (屋号) or the owner's name if there is none.
    pub name: String,
    pub owner_name: String,
    pub currency: Currency,
    /// The month (1–12) the fiscal year starts on the 1st of.
    pub fiscal_year_start_month: u32,
    pub locale: Locale,
    pub chart_template: ChartTemplate,
    #[serde(default)]
    pub tax_accounting: TaxAccounting,
}

/// What a form submits to create a book or change its settings.
#[derive(Clone, Debug, PartialEq)]
pub struct SettingsInput {
    pub name: String,
    pub owner_name: String,
    pub currency: Currency,
    pub fiscal_year_start_month: u32,
    pub locale: Locale,
    pub chart_template: ChartTemplate,
    pub tax_accounting: TaxAccounting,
}

impl Default for SettingsInput {
    /// A sole proprietor in Japan: yen, the calendar year, Japanese.
    fn default() -> Self {
        SettingsInput {
            name: String::new(),
            owner_name: String::new(),
            currency: Currency::JPY,
            fiscal_year_start_month: 1,
            locale: Locale::Ja,
            chart_template: ChartTemplate::JapanSoleProprietor,
            tax_accounting: TaxAccounting::Inclusive,
        }
    }
}

/// What is wrong with submitted settings, per field, so a form can show it inline.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("the book needs a name")]
    BlankName,
    #[error("the name is longer than {MAX_NAME_CHARS} characters")]
    NameTooLong,
    #[error("the owner's name is longer than {MAX_NAME_CHARS} characters")]
    OwnerNameTooLong,
    #[error("the fiscal year must start in a month from 1 to 12")]
    InvalidFiscalYearStart,
    #[error("this book has no settings record; it was not created completely")]
    NoSettings,
    #[error("the currency of a book cannot change once it has been created")]
    CurrencyIsFixed,
}

/// The id and clock stamp a write is made with, passed in by the app so the core
/// never reads the clock or draws random numbers.
#[derive(Clone, Copy, Debug)]
pub struct WriteCtx {
    pub set_id: RecordId,
    pub stamp: Hlc,
}

impl WriteCtx {
    pub(crate) fn change_set(&self, changes: Vec<Change>) -> ChangeSet {
        ChangeSet {
            id: self.set_id,
            stamp: self.stamp,
            changes,
            link: None,
        }
    }
}

fn validate(input: SettingsInput, book_id: RecordId) -> Result<BookSettings, SettingsError> {
    let name = input.name.trim().to_string();
    let owner_name = input.owner_name.trim().to_string();
    if name.is_empty() {
        return Err(SettingsError::BlankName);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(SettingsError::NameTooLong);
    }
    if owner_name.chars().count() > MAX_NAME_CHARS {
        return Err(SettingsError::OwnerNameTooLong);
    }
    if !(1..=12).contains(&input.fiscal_year_start_month) {
        return Err(SettingsError::InvalidFiscalYearStart);
    }
    Ok(BookSettings {
        book_id,
        name,
        owner_name,
        currency: input.currency,
        fiscal_year_start_month: input.fiscal_year_start_month,
        locale: input.locale,
        chart_template: input.chart_template,
        tax_accounting: input.tax_accounting,
    })
}

/// The first change set of a new book: its settings and the accounts of the
/// chart it starts from (one user action, one change set). `ids` gives each
/// account its id.
pub fn create_book(
    input: SettingsInput,
    book_id: RecordId,
    ids: &mut impl FnMut() -> RecordId,
    ctx: WriteCtx,
) -> Result<ChangeSet, SettingsError> {
    let settings = validate(input, book_id)?;
    let accounts = templates::instantiate(settings.chart_template, ids);
    let records = std::iter::once(Record::BookSettings(settings))
        .chain(accounts.into_iter().map(Record::Account));
    Ok(ctx.change_set(records.map(|record| Change::Put { record }).collect()))
}

/// Changes a book's settings. The currency is fixed at creation: every amount in
/// the book is in it.
pub fn update_settings(
    book: &Book,
    input: SettingsInput,
    ctx: WriteCtx,
) -> Result<ChangeSet, SettingsError> {
    let current = book.settings().ok_or(SettingsError::NoSettings)?;
    if input.currency != current.currency {
        return Err(SettingsError::CurrencyIsFixed);
    }
    let settings = validate(input, current.book_id)?;
    Ok(ctx.change_set(vec![Change::Put {
        record: Record::BookSettings(settings),
    }]))
}

/// Renames a book, keeping every other setting.
pub fn rename_book(book: &Book, name: &str, ctx: WriteCtx) -> Result<ChangeSet, SettingsError> {
    let current = book.settings().ok_or(SettingsError::NoSettings)?;
    let input = SettingsInput {
        name: name.to_string(),
        ..current.to_input()
    };
    update_settings(book, input, ctx)
}

impl BookSettings {
    /// The settings as a form's starting values.
    pub fn to_input(&self) -> SettingsInput {
        SettingsInput {
            name: self.name.clone(),
            owner_name: self.owner_name.clone(),
            currency: self.currency,
            fiscal_year_start_month: self.fiscal_year_start_month,
            locale: self.locale,
            chart_template: self.chart_template,
            tax_accounting: self.tax_accounting,
        }
    }
}
