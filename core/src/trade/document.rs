//! Sales and purchasing documents: one record type for every kind, because they
//! share their shape (a partner, a date, lines with quantities, prices and tax
//! codes) and differ in what they post and what may follow them.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::DocumentTotals;
use crate::ids::RecordId;
use crate::ledger::TaxCode;
use crate::reports::Period;

/// Which flow a document belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TradeSide {
    Sales,
    Purchase,
}

/// The kinds of document, in flow order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 見積書
    Quote,
    /// 受注 (注文請書)
    SalesOrder,
    /// 納品書
    Delivery,
    /// 請求書 (and the simplified invoice, 適格簡易請求書, see [`InvoiceForm`])
    Invoice,
    /// 返品・値引 (適格返還請求書): a credit note against an invoice
    CreditNote,
    /// 発注書
    PurchaseOrder,
    /// 入荷 (検収)
    GoodsReceipt,
    /// 仕入 (a supplier's bill)
    Bill,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 8] = [
        DocumentKind::Quote,
        DocumentKind::SalesOrder,
        DocumentKind::Delivery,
        DocumentKind::Invoice,
        DocumentKind::CreditNote,
        DocumentKind::PurchaseOrder,
        DocumentKind::GoodsReceipt,
        DocumentKind::Bill,
    ];

    pub fn side(self) -> TradeSide {
        match self {
            DocumentKind::PurchaseOrder | DocumentKind::GoodsReceipt | DocumentKind::Bill => {
                TradeSide::Purchase
            }
            _ => TradeSide::Sales,
        }
    }

    /// Whether issuing it posts a journal entry (an open receivable or payable).
    pub fn posts(self) -> bool {
        matches!(
            self,
            DocumentKind::Invoice | DocumentKind::CreditNote | DocumentKind::Bill
        )
    }

    /// The kinds a document of this kind can be copied forward into.
    pub fn next_kinds(self) -> &'static [DocumentKind] {
        use DocumentKind::*;
        match self {
            Quote => &[SalesOrder, Delivery, Invoice],
            SalesOrder => &[Delivery, Invoice],
            Delivery => &[Invoice],
            Invoice => &[CreditNote],
            CreditNote => &[],
            PurchaseOrder => &[GoodsReceipt, Bill],
            GoodsReceipt => &[Bill],
            Bill => &[],
        }
    }

    /// Whether its date is the date its goods or services were supplied (a
    /// delivery note, an invoice, a goods receipt, a bill): the lines copied
    /// from it keep that date as their supply date. A quote's or an order's
    /// date is not a supply's.
    pub fn dates_supply(self) -> bool {
        use DocumentKind::*;
        matches!(self, Delivery | Invoice | GoodsReceipt | Bill)
    }

    /// The prefix of its number series (INV-2026-0042).
    pub fn series_prefix(self) -> &'static str {
        match self {
            DocumentKind::Quote => "QT",
            DocumentKind::SalesOrder => "SO",
            DocumentKind::Delivery => "DN",
            DocumentKind::Invoice => "INV",
            DocumentKind::CreditNote => "CN",
            DocumentKind::PurchaseOrder => "PO",
            DocumentKind::GoodsReceipt => "GR",
            DocumentKind::Bill => "BILL",
        }
    }
}

/// A draft may be edited or deleted; an issued document is a fact (it has its
/// number and, if it posts, its entry); a cancelled one stays, with its reversal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    Draft,
    Issued,
    Cancelled,
}

/// Whether the unit prices include consumption tax (税込) or not (税抜).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceBasis {
    /// 税抜: tax is added per rate on the total.
    #[default]
    TaxExclusive,
    /// 税込: the tax contained in the total per rate is shown.
    TaxInclusive,
}

/// Which layout an invoice takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceForm {
    /// 適格請求書: names the recipient.
    #[default]
    Qualified,
    /// 適格簡易請求書 (retail receipts): may omit the recipient.
    Simplified,
}

/// Income-tax withholding (源泉徴収) on a fee: which formula, applied to the
/// lines marked [`DocumentLine::withheld`] (所得税法204条; 復興特別所得税 included,
/// so 10% becomes 10.21%).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WithholdingRule {
    #[default]
    None,
    /// 10.21% of the fee, 20.42% of the part above ¥1,000,000 (所得税法205条1号:
    /// design, writing, lectures and the other fees of 204条1項1号).
    IncomeTax,
    /// 司法書士・土地家屋調査士・海事代理士: 10.21% of the fee less ¥10,000 per
    /// payment (所得税法205条2号, 所得税法施行令322条).
    ScrivenerFee,
}

impl WithholdingRule {
    pub const ALL: [WithholdingRule; 3] = [
        WithholdingRule::None,
        WithholdingRule::IncomeTax,
        WithholdingRule::ScrivenerFee,
    ];

    /// Whether anything is withheld.
    pub fn withholds(&self) -> bool {
        *self != WithholdingRule::None
    }
}

/// The line of an earlier document a line was copied from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LineRef {
    pub document: RecordId,
    /// The line's index in that document (lines of an issued document never move).
    pub line: u32,
}

/// One line of a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentLine {
    pub description: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub quantity: Decimal,
    #[serde(default)]
    pub unit: String,
    /// In the document's [`PriceBasis`].
    #[serde(with = "rust_decimal::serde::str")]
    pub unit_price: Decimal,
    /// An amount off the line (値引), in the document's price basis.
    #[serde(default, with = "rust_decimal::serde::str")]
    pub discount: Decimal,
    pub tax_code: TaxCode,
    /// The revenue or expense account; `None` posts to the account with the
    /// Sales or Purchases role.
    #[serde(default)]
    pub account: Option<RecordId>,
    /// The item sold or bought (inventory).
    #[serde(default)]
    pub item: Option<RecordId>,
    #[serde(default)]
    pub source: Option<LineRef>,
    /// Whether the line is a fee withholding applies to (報酬・料金), when the
    /// document withholds: a designer's fee is, the sweets on the same invoice
    /// are not. Lines stored before this existed are (the whole invoice was).
    #[serde(default = "withheld_by_default")]
    pub withheld: bool,
    /// The date of this line's supply (取引年月日) when it is not the
    /// document's date: a consolidated invoice's goods were supplied on their
    /// delivery notes' dates, a credit note returns sales made on the invoice's.
    /// The tax rate (and a purchase's transitional credit share) is the one on
    /// this date. `None`: the document's date ([`DocumentLine::supplied_on`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supply_date: Option<NaiveDate>,
}

impl DocumentLine {
    /// The date the line was supplied on: its own supply date, else the
    /// document's date `doc_date`.
    pub fn supplied_on(&self, doc_date: NaiveDate) -> NaiveDate {
        self.supply_date.unwrap_or(doc_date)
    }
}

fn withheld_by_default() -> bool {
    true
}

/// The consumption tax a supplier's qualified invoice states for one (tax
/// code, rate) group of a bill's lines (積上げ計算, 消費税法施行令46条1項): the
/// credit is the tax on the invoice received, which the supplier may have
/// rounded otherwise than the book would. It replaces the tax the bill would
/// compute for the group (`trade::document_totals`), within rounding of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatedTax {
    pub tax_code: TaxCode,
    /// The group's rate ([`super::CodeTotal::rate`]).
    #[serde(with = "rust_decimal::serde::str")]
    pub rate: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub tax: Decimal,
}

/// A quote, order, delivery note, invoice, credit note, purchase order, goods
/// receipt or bill.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: RecordId,
    pub kind: DocumentKind,
    pub status: DocumentStatus,
    /// Assigned at issue from the kind's series (see `numbering.rs`).
    #[serde(default)]
    pub number: Option<String>,
    pub partner: RecordId,
    /// The document's date (the transaction date on an invoice).
    pub date: NaiveDate,
    /// When payment is due (invoices and bills); a quote's validity end.
    #[serde(default)]
    pub due_date: Option<NaiveDate>,
    /// 件名
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub price_basis: PriceBasis,
    #[serde(default)]
    pub form: InvoiceForm,
    pub lines: Vec<DocumentLine>,
    #[serde(default)]
    pub withholding: WithholdingRule,
    /// Printed at the foot (備考).
    #[serde(default)]
    pub notes: String,
    /// A credit note's invoice.
    #[serde(default)]
    pub credit_for: Option<RecordId>,
    /// 対象取引期間: for a credit note not made from one invoice, the period of
    /// the sales it returns or discounts. The date of the original sale is a
    /// required item of a 適格返還請求書 (消費税法57条の4第3項), so such a credit
    /// note is issued only with it.
    #[serde(default)]
    pub supply_period: Option<Period>,
    /// The cancelled document this one re-issues.
    #[serde(default)]
    pub replaces: Option<RecordId>,
    /// A consolidated invoice's (締め請求) delivery notes.
    #[serde(default)]
    pub consolidates: Vec<RecordId>,
    /// The supplier's own number on a bill.
    #[serde(default)]
    pub partner_reference: String,
    /// A bill's tax per (code, rate) group as the supplier's invoice states it,
    /// where given (only bills; see [`StatedTax`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stated_tax: Vec<StatedTax>,
    /// The entry issuing posted (invoices, credit notes, bills).
    #[serde(default)]
    pub entry: Option<RecordId>,
    /// The entry that reversed it when it was cancelled.
    #[serde(default)]
    pub reversal: Option<RecordId>,
    /// Its figures as issued: what was printed and posted. Kept so a later
    /// change of the book's rounding setting never changes an issued document,
    /// and so reports over thousands of documents need not recompute them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_totals: Option<DocumentTotals>,
    /// Where its goods leave from or arrive at (`None`: the book's implicit
    /// location). Only documents that move stock use it.
    #[serde(default)]
    pub location: Option<RecordId>,
    /// A credit note for goods sent back: its item lines return to stock. A
    /// credit note that only lowers a price leaves this off.
    #[serde(default)]
    pub returns_stock: bool,
}

impl Document {
    /// An empty draft of a kind for a partner, dated `date`.
    pub fn draft(id: RecordId, kind: DocumentKind, partner: RecordId, date: NaiveDate) -> Document {
        Document {
            id,
            kind,
            status: DocumentStatus::Draft,
            number: None,
            partner,
            date,
            due_date: None,
            subject: String::new(),
            price_basis: PriceBasis::default(),
            form: InvoiceForm::default(),
            lines: Vec::new(),
            withholding: WithholdingRule::None,
            notes: String::new(),
            credit_for: None,
            supply_period: None,
            replaces: None,
            consolidates: Vec::new(),
            partner_reference: String::new(),
            stated_tax: Vec::new(),
            entry: None,
            reversal: None,
            issued_totals: None,
            location: None,
            returns_stock: false,
        }
    }

    pub fn is_draft(&self) -> bool {
        self.status == DocumentStatus::Draft
    }
}
