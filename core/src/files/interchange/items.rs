//! "Kura items CSV v1": one row per item. Columns, in this order: code, name,
//! reading, unit, sale price, purchase cost, tax code, goods (1) or a service
//! (0), reorder point, reorder quantity, preferred supplier (the partner's
//! name), JAN code.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::common::{
    currency, flag, header, import_rows, parse_tax_code, tax_code_text, write, Cells, Import,
};
use crate::book::Book;
use crate::files::table::{ColumnMapping, Field, Table};
use crate::files::text::TextEncoding;
use crate::files::{Problem, ProblemKind, Problems};
use crate::ids::RecordId;
use crate::inventory::{save_item, Item, ItemInput};
use crate::locale::Locale;
use crate::money::{parse_quantity, parse_unit_price, AmountError, Currency};
use crate::reports::csv::plain_amount;
use crate::reports::fold_text;

/// A column of the items layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemField {
    Code,
    Name,
    Reading,
    Unit,
    SalePrice,
    PurchaseCost,
    TaxCode,
    Goods,
    ReorderPoint,
    ReorderQuantity,
    PreferredSupplier,
    Barcode,
}

/// Every column, in the layout's order.
pub const ITEM_FIELDS: [ItemField; 12] = [
    ItemField::Code,
    ItemField::Name,
    ItemField::Reading,
    ItemField::Unit,
    ItemField::SalePrice,
    ItemField::PurchaseCost,
    ItemField::TaxCode,
    ItemField::Goods,
    ItemField::ReorderPoint,
    ItemField::ReorderQuantity,
    ItemField::PreferredSupplier,
    ItemField::Barcode,
];

impl Field for ItemField {
    fn header_names(self) -> &'static [&'static str] {
        use ItemField::*;
        match self {
            Code => &[
                "品目コード",
                "Item code",
                "商品コード",
                "コード",
                "code",
                "SKU",
            ],
            Name => &["品名", "Name", "品目名", "商品名"],
            Reading => &["フリガナ", "Reading", "よみがな"],
            Unit => &["単位", "Unit"],
            SalePrice => &["販売単価", "Sale price", "売価", "単価"],
            PurchaseCost => &["仕入単価", "Purchase cost", "原価"],
            TaxCode => &["税区分", "Tax code"],
            Goods => &["在庫管理", "Goods", "在庫"],
            ReorderPoint => &["発注点", "Reorder point"],
            ReorderQuantity => &["発注数量", "Reorder quantity"],
            PreferredSupplier => &["主な仕入先", "Preferred supplier", "仕入先"],
            Barcode => &["JANコード", "JAN", "バーコード", "barcode"],
        }
    }

    fn required(self) -> bool {
        matches!(self, ItemField::Code | ItemField::Name)
    }

    fn name(self) -> &'static str {
        use ItemField::*;
        match self {
            Code => "code",
            Name => "name",
            Reading => "reading",
            Unit => "unit",
            SalePrice => "sale_price",
            PurchaseCost => "purchase_cost",
            TaxCode => "tax_code",
            Goods => "goods",
            ReorderPoint => "reorder_point",
            ReorderQuantity => "reorder_quantity",
            PreferredSupplier => "preferred_supplier",
            Barcode => "barcode",
        }
    }
}

/// The live items, in code order.
pub fn export_items(
    book: &Book,
    locale: Locale,
    encoding: TextEncoding,
) -> Result<Vec<u8>, Problem> {
    let cur = currency(book);
    let mut items: Vec<&Item> = book.items().filter(|i| !i.archived).collect();
    items.sort_by(|a, b| (&a.code, a.id).cmp(&(&b.code, b.id)));
    let quantity = |q: Option<Decimal>| q.map_or(String::new(), |q| q.normalize().to_string());
    let mut rows = vec![header(&ITEM_FIELDS, locale)];
    rows.extend(items.into_iter().map(|i| {
        vec![
            i.code.clone(),
            i.name.clone(),
            i.reading.clone(),
            i.unit.clone(),
            plain_amount(i.sale_price, cur),
            plain_amount(i.purchase_cost, cur),
            tax_code_text(i.tax_code),
            flag(i.tracked),
            quantity(i.reorder_point),
            quantity(i.reorder_quantity),
            i.preferred_supplier
                .and_then(|id| book.partner(id))
                .map_or(String::new(), |p| p.name.clone()),
            i.barcode
                .as_ref()
                .map_or(String::new(), |b| b.as_str().to_string()),
        ]
    }));
    write(&rows, encoding)
}

/// Every row as a new item, checked by the item form's own command (which
/// refuses a code the book already has); a code repeated in the file is a
/// problem of its second row.
pub fn import_items(
    book: &Book,
    table: &Table,
    mapping: &ColumnMapping<ItemField>,
    ids: &mut dyn FnMut() -> RecordId,
) -> Result<Import, Problems> {
    let suppliers: HashMap<String, RecordId> = book
        .partners()
        .filter(|p| !p.archived)
        .map(|p| (fold_text(&p.name), p.id))
        .collect();
    import_rows(
        (table, mapping, &ITEM_FIELDS),
        HashSet::new(),
        (ItemField::Code, |input: &ItemInput| input.code.as_str()),
        |cells| read_item(cells, &suppliers, currency(book)),
        |input, ctx| save_item(book, ids(), input, ctx),
    )
}

/// A row as the item form would submit it, or `None` after noting problems.
/// Prices and quantities stay text: the item command reads them. Only a value
/// beyond its limit is noted here, so that the problem names its cell.
fn read_item(
    cells: &mut Cells<'_, ItemField>,
    suppliers: &HashMap<String, RecordId>,
    currency: Currency,
) -> Option<ItemInput> {
    use ItemField::*;
    let before = cells.problems.len();
    let prices = [SalePrice, PurchaseCost].map(|f| (f, parse_unit_price(cells.text(f), currency)));
    let quantities = [ReorderPoint, ReorderQuantity].map(|f| (f, parse_quantity(cells.text(f))));
    for (field, read) in prices.into_iter().chain(quantities) {
        if let Err(AmountError::TooLarge(limit)) = read {
            cells.problem(field, ProblemKind::BeyondLimit(limit));
        }
    }
    let code = cells.required(Code);
    let name = cells.required(Name);
    let tax_code = cells.optional(TaxCode, parse_tax_code);
    let supplier = cells.optional(PreferredSupplier, |text| {
        suppliers
            .get(&fold_text(text))
            .copied()
            .ok_or_else(|| ProblemKind::UnknownPartner {
                text: text.to_string(),
            })
    });
    let tracked = cells.flag(Goods, true);
    if cells.problems.len() > before {
        return None;
    }
    Some(ItemInput {
        code: code?,
        name: name?,
        reading: cells.text(Reading).to_string(),
        unit: cells.text(Unit).to_string(),
        sale_price: cells.text(SalePrice).to_string(),
        purchase_cost: cells.text(PurchaseCost).to_string(),
        tax_code: tax_code.ok()?,
        tracked,
        reorder_point: cells.text(ReorderPoint).to_string(),
        reorder_quantity: cells.text(ReorderQuantity).to_string(),
        preferred_supplier: supplier.ok()?,
        barcode: cells.text(Barcode).to_string(),
        archived: false,
        business_class: None,
    })
}
