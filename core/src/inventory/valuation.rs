//! Valuation (棚卸資産の評価): replays each item's moves in order — date, then
//! move id (ids are time-ordered, so a reversal follows what it reverses) —
//! under the method in force at each move's date, and gives every move the
//! change of stock value it caused and the stock its value at a date.
//!
//! Rounding: a move's value is rounded to the currency's minor unit (half up,
//! named in `value_stock`); average and unit costs are kept unrounded.
//! Negative stock: a shortfall leaves at the current unit cost (the standard
//! purchase cost if nothing was ever bought); the receipt that fills it records
//! the difference to its own cost as an adjustment on that receipt.
//! Tax: stock is valued as the book carries purchases. A receipt's unit cost
//! was fixed by the document that made it (with the tax in a tax-inclusive
//! book, 税込経理; see `commands::receipt_unit_cost`); the standard cost, typed
//! without tax, gets its purchase tax at the move's date in a tax-inclusive
//! book ([`Item::standard_cost`]). It follows the book's current setting, the
//! only one the settings keep. A cost typed on an adjustment is taken as the
//! book carries stock.
//! A method change on a date converts the stock held then (one FIFO layer at
//! the average; the average of the layers; the last purchase cost, revalued).

use std::collections::VecDeque;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{AdjustmentReason, Item, MoveKind, MoveLine, StockMove, StockMoves, ValuationMethod};
use crate::book::{Book, TaxAccounting};
use crate::ids::{FastMap, RecordId};
use crate::money::limits::{product_within, within, LimitError, Magnitude};
use crate::money::{round, Currency, Rounding};

/// How a move line's value is rounded to the currency (四捨五入).
const VALUE_ROUNDING: Rounding = Rounding::HalfUp;

/// An item's stock at a date.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemValue {
    pub item: RecordId,
    pub quantity: Decimal,
    /// The stock's value (negative when the quantity is).
    pub value: Decimal,
    /// The unit cost the method gives at that date (value / quantity, or the
    /// cost the next unit would leave at when nothing is on hand).
    pub unit_cost: Decimal,
}

/// What one line of a move did to the stock's value.
#[derive(Clone, Debug, PartialEq)]
pub struct MoveCost {
    /// The change of stock value: positive in, negative out (a delivery's
    /// cost of goods sold is its negation).
    pub value: Decimal,
    /// The part of `value` that corrects earlier moves rather than moving
    /// goods: filling a shortfall at a cost other than the provisional one, or
    /// revaluing the stock held at a new last purchase cost (also when the
    /// method changes to it: the first line under the new method carries it).
    pub adjustment: Decimal,
}

impl MoveCost {
    const ZERO: MoveCost = MoveCost {
        value: Decimal::ZERO,
        adjustment: Decimal::ZERO,
    };
}

/// The stock valued at a date.
#[derive(Clone, Debug, Default)]
pub struct StockValuation {
    /// Items with moves up to the date, tracked ones only.
    pub items: FastMap<RecordId, ItemValue>,
    /// Per (move id, line index), for moves up to the date.
    pub moves: FastMap<(RecordId, usize), MoveCost>,
    /// The sum of the items' values.
    pub total: Decimal,
    /// Items whose value would leave the largest amount (`money::limits`):
    /// neither valued nor in the total, their moves without costs. Posting
    /// stock is refused while any is listed. In id order.
    pub beyond_limits: Vec<RecordId>,
}

/// Values every move up to `date` and the stock at its end. `method` overrides
/// the book's policies (to compare methods on the valuation report); `None`
/// follows them.
pub fn value_stock(
    book: &Book,
    moves: &StockMoves,
    date: NaiveDate,
    method: Option<ValuationMethod>,
) -> StockValuation {
    replay(book, moves, date, method, Keep::EveryMove)
}

/// The stock valued at `date` as [`value_stock`] does, for reports that need
/// only the items' values: `moves` then holds just the lines a later reversal
/// undoes. Writing 200,000 move costs into a map is most of a full replay's
/// time, so the valuation report and stock on hand use this.
pub fn value_items(
    book: &Book,
    moves: &StockMoves,
    date: NaiveDate,
    method: Option<ValuationMethod>,
) -> StockValuation {
    replay(book, moves, date, method, Keep::ReversedOnly)
}

/// An item's standard cost as `book` carries stock on `on`
/// ([`Item::standard_cost`]): what reports show for an item without moves. A
/// cost beyond `Decimal`'s range (a record beyond the limits, left out of the
/// valuation) is shown as stored.
pub fn standard_unit_cost(book: &Book, item: &Item, on: NaiveDate) -> Decimal {
    item.standard_cost(book.tax_accounting(), on)
        .unwrap_or(item.purchase_cost)
}

/// Which move costs a replay keeps.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    EveryMove,
    ReversedOnly,
}

fn replay(
    book: &Book,
    moves: &StockMoves,
    date: NaiveDate,
    method: Option<ValuationMethod>,
    keep: Keep,
) -> StockValuation {
    let reversed: FastMap<RecordId, ()> = match keep {
        Keep::EveryMove => FastMap::default(),
        Keep::ReversedOnly => moves
            .by_item
            .values()
            .flatten()
            .filter_map(|(mv, _)| mv.reverses)
            .map(|id| (id, ()))
            .collect(),
    };
    let kept = |id: &RecordId| keep == Keep::EveryMove || reversed.contains_key(id);
    let settings = book.inventory_settings();
    let method_at = |day: NaiveDate| method.unwrap_or_else(|| settings.policy_at(day).method);
    let currency = book.settings().map_or(Currency::JPY, |s| s.currency);
    let accounting = book.tax_accounting();
    let lines: usize = match keep {
        Keep::EveryMove => moves.by_item.values().map(Vec::len).sum(),
        Keep::ReversedOnly => reversed.len(),
    };
    let mut valuation = StockValuation {
        items: FastMap::with_capacity_and_hasher(moves.by_item.len(), Default::default()),
        moves: FastMap::with_capacity_and_hasher(lines, Default::default()),
        total: Decimal::ZERO,
        beyond_limits: Vec::new(),
    };
    // One layer queue for every item in turn: no allocation per move.
    let mut layers = VecDeque::new();
    for (&id, item_lines) in &moves.by_item {
        let Some(item) = book.item(id).filter(|i| i.tracked) else {
            continue;
        };
        let end = item_lines.partition_point(|(mv, _)| mv.date <= date);
        let Some((first, _)) = item_lines[..end].first() else {
            continue;
        };
        layers.clear();
        let mut stock = Stock {
            method: method_at(first.date),
            quantity: Decimal::ZERO,
            value: Decimal::ZERO,
            unit: Decimal::ZERO,
            last_cost: None,
            layers: &mut layers,
            currency,
            accounting,
        };
        let mut replay_item = || -> Checked<ItemValue> {
            // Until something is bought, the standard cost as of the first move.
            stock.unit = item.standard_cost(accounting, first.date)?;
            for &(mv, n) in &item_lines[..end] {
                let converted = stock.convert(method_at(mv.date))?;
                let original = reversed_line(book, mv, n, id)
                    .and_then(|original| valuation.moves.get(&original));
                let mut cost = stock.line(mv, &mv.lines[n], item, original)?;
                cost.value = add(cost.value, converted)?;
                cost.adjustment = add(cost.adjustment, converted)?;
                if kept(&mv.id) {
                    valuation.moves.insert((mv.id, n), cost);
                }
            }
            stock.convert(method_at(date))?;
            stock.item_value(id)
        };
        match replay_item() {
            Ok(value) => {
                // Each item's value is within the largest amount: the total of
                // the items cannot overflow.
                valuation.total += value.value;
                valuation.items.insert(id, value);
            }
            Err(_) => {
                for &(mv, n) in &item_lines[..end] {
                    valuation.moves.remove(&(mv.id, n));
                }
                valuation.beyond_limits.push(id);
            }
        }
    }
    valuation.beyond_limits.sort_unstable();
    valuation
}

/// A replay step: refused when a value leaves the largest amount (or a unit
/// cost or quantity leaves `Decimal`).
type Checked<T> = Result<T, LimitError>;

/// `a + b`, a value within the largest amount.
fn add(a: Decimal, b: Decimal) -> Checked<Decimal> {
    a.checked_add(b)
        .ok_or(LimitError::of(Magnitude::Amount))
        .and_then(|v| within(v, Magnitude::Amount))
}

/// `quantity × unit`, a value within the largest amount.
fn times(quantity: Decimal, unit: Decimal) -> Checked<Decimal> {
    product_within(quantity, unit, Magnitude::Amount)
}

/// `value / quantity`: a unit cost, or a share of a value. Any size `Decimal`
/// holds (an average over a tiny quantity can be large); what it multiplies
/// is checked.
fn divide(value: Decimal, quantity: Decimal) -> Checked<Decimal> {
    value
        .checked_div(quantity)
        .ok_or(LimitError::of(Magnitude::UnitPrice))
}

/// A sum of quantities (a quantity on hand can exceed one move's limit).
fn plus(a: Decimal, b: Decimal) -> Checked<Decimal> {
    a.checked_add(b).ok_or(LimitError::of(Magnitude::Quantity))
}

/// The original line a reversal's line `n` undoes: the same line of the move
/// it reverses (a reversal negates the lines in their order), same item.
fn reversed_line(
    book: &Book,
    mv: &StockMove,
    n: usize,
    item: RecordId,
) -> Option<(RecordId, usize)> {
    let original = book.stock_move(mv.reverses?)?;
    let same_item = original.lines.get(n).is_some_and(|l| l.item == item);
    same_item.then_some((original.id, n))
}

/// A FIFO layer: units bought at one cost, oldest first.
#[derive(Clone, Copy, Debug)]
struct Layer {
    quantity: Decimal,
    cost: Decimal,
}

/// One item's stock while its moves are replayed. Every step is checked:
/// the value stays within the largest amount, or the item is named instead
/// of valued (see `StockValuation::beyond_limits`).
struct Stock<'a> {
    method: ValuationMethod,
    quantity: Decimal,
    /// The sum of the lines' rounded values.
    value: Decimal,
    /// The cost the next unit leaves at: the average, the oldest layer's cost
    /// (the newest consumed one when none is left), the last purchase cost.
    unit: Decimal,
    /// The last purchase cost, kept under every method for a change to the
    /// last-purchase-cost method.
    last_cost: Option<Decimal>,
    /// FIFO only: they hold exactly the quantity on hand (none when negative).
    layers: &'a mut VecDeque<Layer>,
    currency: Currency,
    /// What the item's standard cost includes.
    accounting: TaxAccounting,
}

impl Stock<'_> {
    fn round(&self, amount: Decimal) -> Decimal {
        round(amount, self.currency, VALUE_ROUNDING)
    }

    /// `quantity × unit`, rounded: a line's or the stock's value.
    fn value_of(&self, quantity: Decimal, unit: Decimal) -> Checked<Decimal> {
        times(quantity, unit).map(|v| self.round(v))
    }

    fn item_value(&self, item: RecordId) -> Checked<ItemValue> {
        let unit_cost = if self.quantity.is_zero() {
            self.unit
        } else {
            divide(self.value, self.quantity)?
        };
        Ok(ItemValue {
            item,
            quantity: self.quantity,
            value: self.value,
            unit_cost,
        })
    }

    /// What one line does, by its move's kind.
    fn line(
        &mut self,
        mv: &StockMove,
        line: &MoveLine,
        item: &Item,
        original: Option<&MoveCost>,
    ) -> Checked<MoveCost> {
        let quantity = line.quantity;
        if mv.kind == MoveKind::Transfer || quantity.is_zero() {
            return Ok(MoveCost::ZERO);
        }
        if let Some(original) = original {
            return self.undo(quantity, original);
        }
        if quantity.is_sign_negative() {
            let value = self.issue(-quantity)?;
            return Ok(MoveCost {
                value,
                adjustment: Decimal::ZERO,
            });
        }
        let accounting = self.accounting;
        let standard = || item.standard_cost(accounting, mv.date);
        match incoming_cost(mv.kind, line, standard)? {
            Some((cost, purchase)) => self.receive(quantity, cost, purchase),
            None => self.receive(quantity, self.unit, false),
        }
    }

    /// Changes the method, converting the stock held; returns the change of
    /// value (only a change to the last purchase cost revalues).
    fn convert(&mut self, method: ValuationMethod) -> Checked<Decimal> {
        if method == self.method {
            return Ok(Decimal::ZERO);
        }
        let before = self.value;
        self.layers.clear();
        let positive = self.quantity.is_sign_positive() && !self.quantity.is_zero();
        match method {
            ValuationMethod::Fifo | ValuationMethod::MovingAverage if positive => {
                self.unit = divide(self.value, self.quantity)?;
                if method == ValuationMethod::Fifo {
                    self.layers.push_back(Layer {
                        quantity: self.quantity,
                        cost: self.unit,
                    });
                }
            }
            ValuationMethod::Fifo | ValuationMethod::MovingAverage => {}
            ValuationMethod::LastPurchaseCost => {
                self.unit = self.last_cost.unwrap_or(self.unit);
                self.value = self.value_of(self.quantity, self.unit)?;
            }
        }
        self.method = method;
        add(self.value, -before)
    }

    /// `quantity` (positive) coming in at `cost`; `purchase` when that cost is
    /// a purchase cost (it becomes the last purchase cost).
    fn receive(&mut self, quantity: Decimal, cost: Decimal, purchase: bool) -> Checked<MoveCost> {
        let before = self.value;
        let goods = self.value_of(quantity, cost)?;
        if purchase {
            self.last_cost = Some(cost);
        }
        if self.method == ValuationMethod::LastPurchaseCost {
            if purchase {
                self.unit = cost;
            }
            self.quantity = plus(self.quantity, quantity)?;
            self.value = self.value_of(self.quantity, self.unit)?;
        } else {
            let rest = quantity - self.fill(quantity)?;
            if !rest.is_zero() {
                self.value = add(self.value, self.value_of(rest, cost)?)?;
                self.quantity = plus(self.quantity, rest)?;
                self.add_layer(rest, cost, purchase)?;
            }
        }
        let value = add(self.value, -before)?;
        Ok(MoveCost {
            value,
            adjustment: add(value, -goods)?,
        })
    }

    /// Fills a shortfall first (average, FIFO): the filled units take back
    /// their provisional value, so the difference to the incoming cost lands
    /// in this line's adjustment. Returns the quantity filled.
    fn fill(&mut self, incoming: Decimal) -> Checked<Decimal> {
        if !self.quantity.is_sign_negative() || self.quantity.is_zero() {
            return Ok(Decimal::ZERO);
        }
        let short = -self.quantity;
        let filled = incoming.min(short);
        let back = if filled == short {
            -self.value
        } else {
            let share = self
                .value
                .checked_mul(filled)
                .and_then(|v| v.checked_div(self.quantity))
                .ok_or(LimitError::of(Magnitude::Amount))?;
            self.round(share)
        };
        self.value = add(self.value, back)?;
        self.quantity += filled;
        Ok(filled)
    }

    fn add_layer(&mut self, quantity: Decimal, cost: Decimal, purchase: bool) -> Checked<()> {
        match self.method {
            ValuationMethod::MovingAverage => self.unit = divide(self.value, self.quantity)?,
            ValuationMethod::Fifo => {
                let layer = Layer { quantity, cost };
                // Purchases queue up behind the stock held; anything else
                // (returns, found stock) comes in at the next unit's cost.
                if purchase {
                    self.layers.push_back(layer);
                } else {
                    self.layers.push_front(layer);
                }
                self.unit = self.layers.front().map_or(cost, |l| l.cost);
            }
            ValuationMethod::LastPurchaseCost => {}
        }
        Ok(())
    }

    /// `quantity` (positive) going out; returns the (negative) change of value.
    fn issue(&mut self, quantity: Decimal) -> Checked<Decimal> {
        let before = self.value;
        let on_hand = self.quantity.max(Decimal::ZERO);
        self.quantity = plus(self.quantity, -quantity)?;
        if self.method == ValuationMethod::LastPurchaseCost {
            self.value = self.value_of(self.quantity, self.unit)?;
            return add(self.value, -before);
        }
        let taken_cost = if self.method == ValuationMethod::Fifo {
            self.take_layers(quantity.min(on_hand))?
        } else {
            times(quantity.min(on_hand), self.unit)?
        };
        let shortfall = (quantity - on_hand).max(Decimal::ZERO);
        // Emptying the stock takes exactly what is left: no residue of rounding.
        let taken = if on_hand.is_zero() {
            Decimal::ZERO
        } else if quantity >= on_hand {
            before
        } else {
            self.round(taken_cost)
        };
        let short_value = self.value_of(shortfall, self.unit)?;
        self.value = add(add(before, -taken)?, -short_value)?;
        add(self.value, -before)
    }

    /// Takes `quantity` from the oldest layers; returns its unrounded cost.
    fn take_layers(&mut self, mut quantity: Decimal) -> Checked<Decimal> {
        let mut cost = Decimal::ZERO;
        while !quantity.is_zero() {
            let Some(front) = self.layers.front_mut() else {
                break;
            };
            let take = quantity.min(front.quantity);
            cost = add(cost, times(take, front.cost)?)?;
            front.quantity -= take;
            quantity -= take;
            self.unit = front.cost;
            if front.quantity.is_zero() {
                self.layers.pop_front();
            }
        }
        if let Some(front) = self.layers.front() {
            self.unit = front.cost;
        }
        Ok(cost)
    }

    /// A reversal line: undoes exactly the value the original line got.
    fn undo(&mut self, quantity: Decimal, original: &MoveCost) -> Checked<MoveCost> {
        let value = -original.value;
        self.quantity = plus(self.quantity, quantity)?;
        self.value = add(self.value, value)?;
        match self.method {
            ValuationMethod::Fifo => self.undo_layers(quantity, value)?,
            _ if !self.quantity.is_zero() => self.unit = divide(self.value, self.quantity)?,
            _ => {}
        }
        Ok(MoveCost {
            value,
            adjustment: -original.adjustment,
        })
    }

    /// FIFO: goods that come back go first, at the cost they left at; goods
    /// taken back out leave the newest layers. A rounding difference this
    /// leaves between the layers and the value goes when the stock empties.
    fn undo_layers(&mut self, quantity: Decimal, value: Decimal) -> Checked<()> {
        if quantity.is_sign_positive() {
            let held = quantity.min(self.quantity);
            if held.is_sign_positive() && !held.is_zero() {
                self.layers.push_front(Layer {
                    quantity: held,
                    cost: divide(value, quantity)?,
                });
            }
        } else {
            let mut out = -quantity;
            while let Some(back) = self.layers.back_mut() {
                if out.is_zero() {
                    break;
                }
                let take = out.min(back.quantity);
                back.quantity -= take;
                out -= take;
                if back.quantity.is_zero() {
                    self.layers.pop_back();
                }
            }
        }
        if !self.quantity.is_sign_positive() || self.quantity.is_zero() {
            self.layers.clear();
        }
        if let Some(front) = self.layers.front() {
            self.unit = front.cost;
        }
        Ok(())
    }
}

/// The cost an incoming line brings, when it has one of its own, and whether
/// that is a purchase cost. Receipts and opening stock carry theirs (or take
/// the item's `standard` cost, computed only then); found stock and other
/// adjustments with a cost come in at it; anything else at the stock's
/// current unit cost (`None`).
fn incoming_cost(
    kind: MoveKind,
    line: &MoveLine,
    standard: impl FnOnce() -> Checked<Decimal>,
) -> Checked<Option<(Decimal, bool)>> {
    let own_or_standard = || line.unit_cost.map_or_else(standard, Ok);
    Ok(match kind {
        MoveKind::Receipt
        | MoveKind::Adjustment {
            reason: AdjustmentReason::Opening,
        } => Some((own_or_standard()?, true)),
        MoveKind::Adjustment {
            reason: AdjustmentReason::Found,
        } => Some((own_or_standard()?, false)),
        MoveKind::Adjustment { .. } => line.unit_cost.map(|cost| (cost, false)),
        MoveKind::Delivery | MoveKind::SalesReturn | MoveKind::Transfer | MoveKind::Stocktake => {
            None
        }
    })
}
