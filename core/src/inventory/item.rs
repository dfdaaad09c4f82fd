//! Items (品目) and locations (保管場所).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::ItemError;
use crate::book::{Book, Record, TaxAccounting, WriteCtx};
use crate::ids::RecordId;
use crate::ledger::{BusinessClass, TaxCode};
use crate::money::limits::{LimitError, Magnitude};
use crate::money::{normalize_digits, parse_quantity, parse_unit_price, AmountError, Currency};
use crate::reports::fold_text;
use crate::sync::{Change, ChangeSet};

/// The longest item name, in characters.
pub const MAX_ITEM_NAME_CHARS: usize = 100;

/// A JAN (EAN) barcode: 8 or 13 digits whose last digit is the check digit
/// (weights 3 and 1 from the right). Only a valid one can be constructed or
/// deserialized.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Jan(String);

impl Jan {
    /// Reads a JAN as typed or scanned: digits (full-width too), spaces and
    /// hyphens ignored.
    pub fn parse(typed: &str) -> Result<Jan, ItemError> {
        let digits: String = normalize_digits(typed)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if !matches!(digits.len(), 8 | 13) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ItemError::JanFormat);
        }
        let values: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        let (body, check) = values.split_at(values.len() - 1);
        if check[0] != jan_check_digit(body) {
            return Err(ItemError::JanCheckDigit);
        }
        Ok(Jan(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The EAN check digit: the digits weighted 3, 1, 3… from the one next to the
/// check digit, and what brings their sum up to a multiple of ten.
fn jan_check_digit(body: &[u32]) -> u32 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(n, d)| d * if n % 2 == 0 { 3 } else { 1 })
        .sum();
    (10 - sum % 10) % 10
}

impl TryFrom<String> for Jan {
    type Error = ItemError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Jan::parse(&value)
    }
}

impl From<Jan> for String {
    fn from(jan: Jan) -> String {
        jan.0
    }
}

/// Something the business sells or buys. Goods have their stock tracked;
/// services never have moves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: RecordId,
    /// The user's own code (SKU), unique among live items.
    pub code: String,
    pub name: String,
    /// Kana reading, for searching by sound.
    #[serde(default)]
    pub reading: String,
    /// 個, 箱, kg…
    #[serde(default)]
    pub unit: String,
    /// Tax-exclusive unit sale price.
    #[serde(with = "rust_decimal::serde::str")]
    pub sale_price: Decimal,
    /// The standard purchase cost per unit (tax-exclusive): the default price on
    /// a purchase order, and the cost of stock that left before any was bought
    /// (as the book carries stock: [`Item::standard_cost`]).
    #[serde(with = "rust_decimal::serde::str")]
    pub purchase_cost: Decimal,
    /// The sales tax code; the purchase code is its counterpart
    /// ([`TaxCode::purchase_counterpart`]).
    pub tax_code: TaxCode,
    /// Goods whose stock is tracked (true), or a service (false).
    pub tracked: bool,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rust_decimal::serde::str_option"
    )]
    pub reorder_point: Option<Decimal>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rust_decimal::serde::str_option"
    )]
    pub reorder_quantity: Option<Decimal>,
    #[serde(default)]
    pub preferred_supplier: Option<RecordId>,
    #[serde(default)]
    pub barcode: Option<Jan>,
    #[serde(default)]
    pub archived: bool,
    /// The business class (簡易課税) of its sales, whoever buys and whatever
    /// account they post to: goods bought and resold are retail (or wholesale),
    /// a repair is a service. `None`: the partner's, the account's or the
    /// return's class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_class: Option<BusinessClass>,
}

impl Item {
    /// The standard cost as a book kept by `accounting` carries stock on `on`.
    /// `purchase_cost` is typed without tax; a tax-inclusive book (税込経理)
    /// carries purchases with their tax, so it adds the purchase tax of the
    /// item's code at that date, as a purchase that day would. The standard
    /// cost assumes a qualified invoice, so a tax-exclusive book (税抜経理) takes
    /// it as it is. Unrounded, like every unit cost; refused only for a cost
    /// beyond `Decimal`'s range (a record beyond the limits).
    pub fn standard_cost(
        &self,
        accounting: TaxAccounting,
        on: NaiveDate,
    ) -> Result<Decimal, LimitError> {
        match accounting {
            TaxAccounting::Exclusive => Ok(self.purchase_cost),
            TaxAccounting::Inclusive => {
                let rate = self.tax_code.purchase_counterpart().rate_on(on);
                self.purchase_cost
                    .checked_mul(Decimal::ONE + rate)
                    .ok_or(LimitError::of(Magnitude::UnitPrice))
            }
        }
    }
}

/// The item form as typed: numbers and the barcode are text until checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemInput {
    pub code: String,
    pub name: String,
    pub reading: String,
    pub unit: String,
    pub sale_price: String,
    pub purchase_cost: String,
    pub tax_code: Option<TaxCode>,
    pub tracked: bool,
    pub reorder_point: String,
    pub reorder_quantity: String,
    pub preferred_supplier: Option<RecordId>,
    pub barcode: String,
    pub archived: bool,
    pub business_class: Option<BusinessClass>,
}

/// A place stock is kept: a warehouse, the shop, the car. Optional: a book
/// without locations keeps everything in the implicit location `None`, which
/// screens call 本店 / Main.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub id: RecordId,
    pub name: String,
    #[serde(default)]
    pub archived: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LocationInput {
    pub name: String,
    pub archived: bool,
}

/// Saves an item (new, or a new version of the item with this id).
pub fn save_item(
    book: &Book,
    id: RecordId,
    input: ItemInput,
    ctx: WriteCtx,
) -> Result<ChangeSet, ItemError> {
    let item = validate_item(book, id, input)?;
    if !item.archived && code_taken(book, &item) {
        return Err(ItemError::DuplicateCode(item.code));
    }
    let was_tracked = book.item(id).is_some_and(|i| i.tracked);
    if was_tracked && !item.tracked && has_stock(book, id) {
        return Err(ItemError::StockOnHand);
    }
    Ok(ctx.change_set(vec![Change::Put {
        record: Record::Item(item),
    }]))
}

/// The item as typed, checked field by field (nothing compared with other items).
fn validate_item(book: &Book, id: RecordId, input: ItemInput) -> Result<Item, ItemError> {
    let code = input.code.trim().to_string();
    if code.is_empty() {
        return Err(ItemError::BlankCode);
    }
    let name = input.name.trim().to_string();
    if name.is_empty() {
        return Err(ItemError::BlankName);
    }
    if name.chars().count() > MAX_ITEM_NAME_CHARS {
        return Err(ItemError::NameTooLong {
            max: MAX_ITEM_NAME_CHARS,
        });
    }
    if let Some(supplier) = input.preferred_supplier {
        if !book.partner(supplier).is_some_and(|p| p.is_supplier) {
            return Err(ItemError::NotASupplier);
        }
    }
    let currency = book.settings().map_or(Currency::JPY, |s| s.currency);
    let barcode = input.barcode.trim();
    Ok(Item {
        id,
        code,
        name,
        reading: input.reading.trim().to_string(),
        unit: input.unit.trim().to_string(),
        sale_price: price(&input.sale_price, currency)?,
        purchase_cost: price(&input.purchase_cost, currency)?,
        tax_code: input.tax_code.unwrap_or(TaxCode::Sales10),
        tracked: input.tracked,
        reorder_point: quantity(&input.reorder_point)?,
        reorder_quantity: quantity(&input.reorder_quantity)?,
        preferred_supplier: input.preferred_supplier,
        barcode: (!barcode.is_empty())
            .then(|| Jan::parse(barcode))
            .transpose()?,
        archived: input.archived,
        business_class: input.business_class,
    })
}

/// A price as typed: blank is zero (a service may have no cost), never
/// negative, never beyond the largest unit price.
fn price(typed: &str, currency: Currency) -> Result<Decimal, ItemError> {
    if typed.trim().is_empty() {
        return Ok(Decimal::ZERO);
    }
    match parse_unit_price(typed, currency) {
        Ok(p) if p >= Decimal::ZERO => Ok(p),
        Err(AmountError::TooLarge(limit)) => Err(ItemError::TooLarge(limit)),
        _ => Err(ItemError::BadPrice),
    }
}

/// A reorder point or quantity as typed: blank is none, never negative,
/// never beyond the largest quantity.
fn quantity(typed: &str) -> Result<Option<Decimal>, ItemError> {
    if typed.trim().is_empty() {
        return Ok(None);
    }
    match parse_quantity(typed) {
        Ok(q) if q >= Decimal::ZERO => Ok(Some(q)),
        Err(AmountError::TooLarge(limit)) => Err(ItemError::TooLarge(limit)),
        _ => Err(ItemError::BadQuantity),
    }
}

/// Whether another live item in use has the same code (ignoring case and
/// full/half width: A-1 and ａ－１ would read the same on a shelf label).
fn code_taken(book: &Book, item: &Item) -> bool {
    let code = fold_text(&item.code);
    book.items()
        .any(|other| other.id != item.id && !other.archived && fold_text(&other.code) == code)
}

/// Whether an item's moves, over all dates and locations, leave any stock.
fn has_stock(book: &Book, item: RecordId) -> bool {
    let total: Decimal = book
        .stock_moves()
        .flat_map(|m| &m.lines)
        .filter(|l| l.item == item)
        .map(|l| l.quantity)
        .sum();
    !total.is_zero()
}

/// Saves a location (new, or a new version of the location with this id).
pub fn save_location(
    book: &Book,
    id: RecordId,
    input: LocationInput,
    ctx: WriteCtx,
) -> Result<ChangeSet, ItemError> {
    let name = input.name.trim().to_string();
    if name.is_empty() {
        return Err(ItemError::BlankLocationName);
    }
    let folded = fold_text(&name);
    if book
        .locations()
        .any(|l| l.id != id && fold_text(&l.name) == folded)
    {
        return Err(ItemError::DuplicateLocation);
    }
    let location = Location {
        id,
        name,
        archived: input.archived,
    };
    Ok(ctx.change_set(vec![Change::Put {
        record: Record::Location(location),
    }]))
}

/// Live items whose code, name, reading or barcode matches `query` (kana- and
/// width-insensitive, like partner search), archived ones only if asked, in
/// code order.
pub fn search_items<'a>(book: &'a Book, query: &str, include_archived: bool) -> Vec<&'a Item> {
    let needle = fold_text(query.trim());
    let mut found: Vec<&Item> = book
        .items()
        .filter(|i| include_archived || !i.archived)
        .filter(|i| {
            let barcode = i.barcode.as_ref().map_or("", Jan::as_str);
            [i.code.as_str(), &i.name, &i.reading, barcode]
                .into_iter()
                .any(|text| fold_text(text).contains(&needle))
        })
        .collect();
    found.sort_by(|a, b| (&a.code, a.id).cmp(&(&b.code, b.id)));
    found
}
