//! How a book values and posts its stock. One record per book (its id the
//! book's); every change is a new version, so the history shows who changed
//! the method and when.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::InventoryError;
use crate::book::{Book, Record, WriteCtx};
use crate::ids::RecordId;
use crate::sync::{Change, ChangeSet};

/// How stock is valued (棚卸資産の評価方法).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValuationMethod {
    /// 最終仕入原価法: every unit at the last purchase cost. The statutory
    /// default for a sole proprietor who made no election.
    #[default]
    LastPurchaseCost,
    /// 移動平均法: a new average cost after each receipt.
    MovingAverage,
    /// 先入先出法: the oldest units leave first.
    Fifo,
}

/// When cost of sales reaches the books.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StockPosting {
    /// 三分法 (periodic): purchases go to 仕入高; a closing entry at a period
    /// end moves the opening stock to 期首商品棚卸高 and the valued closing
    /// stock to 期末商品棚卸高.
    #[default]
    Periodic,
    /// Perpetual (継続記録): each move posts its change of stock value, 商品
    /// against 売上原価, as it happens.
    Perpetual,
}

/// The method and posting mode in force from a date on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InventoryPolicy {
    pub from: NaiveDate,
    pub method: ValuationMethod,
    pub posting: StockPosting,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InventorySettings {
    pub book_id: RecordId,
    /// In date order; the first applies to every move before its date too.
    /// Empty means the defaults (last purchase cost, periodic).
    #[serde(default)]
    pub policies: Vec<InventoryPolicy>,
    /// Whether a delivery may take more than is on hand. When allowed, screens
    /// warn and valuation costs the shortfall provisionally.
    #[serde(default)]
    pub allow_negative: bool,
}

impl InventorySettings {
    /// The defaults for a book that never set them.
    pub fn defaults(book_id: RecordId) -> InventorySettings {
        InventorySettings {
            book_id,
            policies: Vec::new(),
            allow_negative: false,
        }
    }

    /// The policy in force on `date`.
    pub fn policy_at(&self, date: NaiveDate) -> InventoryPolicy {
        self.policies
            .iter()
            .rev()
            .find(|p| p.from <= date)
            .or(self.policies.first())
            .copied()
            .unwrap_or(InventoryPolicy {
                from: NaiveDate::MIN,
                method: ValuationMethod::default(),
                posting: StockPosting::default(),
            })
    }
}

/// Saves the settings: `change` (when given) becomes the policy from its date
/// on; it must be later than every policy already there (a method is never
/// changed backwards, so valued history stays as it was).
///
/// The first policy ever saved would apply to earlier moves too, so when moves
/// before its date exist, the defaults they were valued under are recorded
/// first, from the earliest move's date.
pub fn save_inventory_settings(
    book: &Book,
    allow_negative: bool,
    change: Option<InventoryPolicy>,
    ctx: WriteCtx,
) -> Result<ChangeSet, InventoryError> {
    let mut settings = book.inventory_settings().into_owned();
    settings.allow_negative = allow_negative;
    if let Some(policy) = change {
        add_policy(book, &mut settings, policy)?;
    }
    Ok(ctx.change_set(vec![Change::Put {
        record: Record::InventorySettings(settings),
    }]))
}

fn add_policy(
    book: &Book,
    settings: &mut InventorySettings,
    policy: InventoryPolicy,
) -> Result<(), InventoryError> {
    if let Some(closed) = book.closed_through().filter(|c| policy.from <= *c) {
        return Err(InventoryError::PeriodClosed(closed));
    }
    if settings.policies.iter().any(|p| p.from >= policy.from) {
        return Err(InventoryError::PolicyOrder);
    }
    let earliest_move = book.stock_moves().map(|m| m.date).min();
    if let Some(first) = earliest_move.filter(|d| settings.policies.is_empty() && *d < policy.from)
    {
        settings.policies.push(InventoryPolicy {
            from: first,
            ..settings.policy_at(first)
        });
    }
    settings.policies.push(policy);
    Ok(())
}
