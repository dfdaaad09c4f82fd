//! The reports' fast path: the posted totals per account and month the fold
//! keeps ([`PostedTotals`]) for the whole months of a period, the entries
//! themselves for the days of a month the period covers only in part, and the
//! few opening entries (year close) apart.
//!
//! Every function here returns what its report's entry-by-entry pass returns,
//! the same `Decimal`s to the scale, or `None` when the book's lines do not
//! allow it (see [`PostedTotals::scale`]): the report then reads the entries.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::accounts::Chart;
use super::is_opening;
use super::trial_balance::Sums;
use crate::book::{month_index, Acc, Book, Bucket, PostedTotals};
use crate::ids::RecordId;
use crate::ledger::JournalEntry;

#[cfg(test)]
thread_local! {
    /// Tests turn the fast path off to compare it with the entries' pass.
    pub(crate) static OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Reads a book's totals, when its lines allow it.
pub(crate) struct Reader<'a> {
    pub book: &'a Book,
    pub totals: &'a PostedTotals,
    /// The scale of every posted line.
    pub scale: u32,
}

impl<'a> Reader<'a> {
    pub fn new(book: &'a Book) -> Option<Reader<'a>> {
        #[cfg(test)]
        if OFF.with(|off| off.get()) {
            return None;
        }
        let totals = book.posted_totals();
        Some(Reader {
            book,
            totals,
            scale: totals.scale()?,
        })
    }

    /// An exact sum as a `Decimal` (see [`Acc::decimal`]).
    pub fn dec(&self, acc: Acc) -> Option<Decimal> {
        acc.decimal(self.scale)
    }

    /// Every posted line of entries other than openings dated `from..=to`,
    /// as `f(account, month, lines)`: a month's bucket where the period holds
    /// the whole month, else line by line. `None` if a line cannot be summed
    /// exactly (never, when `scale` is known).
    pub fn visit(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        mut f: impl FnMut(RecordId, i32, Bucket),
    ) -> Option<()> {
        if from > to {
            return Some(());
        }
        let (first_whole, last_whole, parts) = split(from, to);
        if first_whole <= last_whole {
            for (account, month, bucket) in self.totals.buckets() {
                if (first_whole..=last_whole).contains(&month) {
                    f(account, month, *bucket);
                }
            }
        }
        for (a, b) in parts {
            for entry in self.book.entries_between(a, b) {
                if !entry.is_posted() || is_opening(entry) {
                    continue;
                }
                let month = month_index(entry.date());
                for line in entry.lines() {
                    f(line.account, month, line_bucket(line.amount)?);
                }
            }
        }
        Some(())
    }

    /// How many posted entries (openings included) are dated `from..=to`.
    pub fn posted_entries(&self, from: NaiveDate, to: NaiveDate) -> u64 {
        if from > to {
            return 0;
        }
        let (first_whole, last_whole, parts) = split(from, to);
        let mut count = self.totals.entries_in_months(first_whole, last_whole);
        for (a, b) in parts {
            let n = self
                .book
                .entries_between(a, b)
                .filter(|e| e.is_posted())
                .count();
            count = count.wrapping_add(n as u64);
        }
        count
    }

    /// The posted opening entries dated `..=to`, by date.
    pub fn openings(&self, to: NaiveDate) -> impl Iterator<Item = &'a JournalEntry> + 'a {
        let book = self.book;
        self.totals
            .openings_through(to)
            .filter_map(move |id| book.entry(id))
    }
}

/// `from..=to` (not empty) as the months it holds whole (`first..=last`
/// months, none if `first > last`) and the date ranges of the months it holds
/// in part.
fn split(from: NaiveDate, to: NaiveDate) -> (i32, i32, Vec<(NaiveDate, NaiveDate)>) {
    let (first, last) = (month_index(from), month_index(to));
    let starts_month = from.day() == 1;
    let ends_month = to.succ_opt().is_none_or(|next| next.day() == 1);
    let first_whole = if starts_month {
        first
    } else {
        first.saturating_add(1)
    };
    let last_whole = if ends_month {
        last
    } else {
        last.saturating_sub(1)
    };
    let mut parts = Vec::with_capacity(2);
    if first == last {
        if !(starts_month && ends_month) {
            parts.push((from, to));
        }
    } else {
        if !starts_month {
            let month_end = super::add_months(super::first_of_month(from), 1)
                .pred_opt()
                .unwrap_or(to);
            parts.push((from, month_end.min(to)));
        }
        if !ends_month {
            parts.push((super::first_of_month(to).max(from), to));
        }
    }
    (first_whole, last_whole, parts)
}

/// One line as a bucket: on its side.
pub(crate) fn line_bucket(amount: Decimal) -> Option<Bucket> {
    let acc = Acc::of(amount)?;
    let mut bucket = Bucket::default();
    if amount.is_sign_positive() {
        bucket.debit = acc;
    } else {
        bucket.credit = acc;
    }
    Some(bucket)
}

fn grow<T: Clone + Default>(values: &mut Vec<T>, slot: usize) -> Option<&mut T> {
    if slot >= values.len() {
        values.resize(slot + 1, T::default());
    }
    values.get_mut(slot)
}

#[derive(Clone, Copy, Default)]
struct TbAcc {
    opening: Acc,
    debit: Acc,
    credit: Acc,
}

/// `trial_balance::sums` from the totals.
pub(crate) fn trial_balance_sums(
    book: &Book,
    chart: &mut Chart<'_>,
    period: super::Period,
) -> Option<(Vec<Sums>, Decimal)> {
    let reader = Reader::new(book)?;
    if period.from > period.to {
        return Some((vec![Sums::default(); chart.slots.len()], Decimal::ZERO));
    }
    let year_start = month_index(super::fiscal_year_start(
        period.from,
        super::fiscal_start_month(book),
    ));
    let mut accs: Vec<TbAcc> = vec![TbAcc::default(); chart.slots.len()];
    let mut earlier = Acc::default();
    let mut ok = true;
    if let Some(day_before) = period.from.pred_opt() {
        reader.visit(NaiveDate::MIN, day_before, |account, month, bucket| {
            let slot = chart.slot(account);
            let balance_sheet = chart
                .slots
                .get(slot)
                .is_some_and(|s| s.kind().is_balance_sheet());
            if month < year_start && !balance_sheet {
                earlier.add(bucket.net());
            } else if let Some(a) = grow(&mut accs, slot) {
                a.opening.add(bucket.net());
            } else {
                ok = false;
            }
        })?;
    }
    reader.visit(period.from, period.to, |account, _, bucket| {
        let slot = chart.slot(account);
        if let Some(a) = grow(&mut accs, slot) {
            a.debit.add(bucket.debit);
            a.credit.add(bucket.credit.negated());
        } else {
            ok = false;
        }
    })?;
    for entry in reader.openings(period.to) {
        let before = entry.date() <= period.from;
        for line in entry.lines() {
            let slot = chart.slot(line.account);
            let balance_sheet = chart
                .slots
                .get(slot)
                .is_some_and(|s| s.kind().is_balance_sheet());
            let bucket = line_bucket(line.amount)?;
            let a = grow(&mut accs, slot)?;
            if before {
                if balance_sheet {
                    a.opening.add(bucket.net());
                } else {
                    earlier.add(bucket.net());
                }
            } else {
                a.debit.add(bucket.debit);
                a.credit.add(bucket.credit.negated());
            }
        }
    }
    if !ok {
        return None;
    }
    accs.resize(chart.slots.len(), TbAcc::default());
    let sums = accs
        .into_iter()
        .map(|a| {
            Some(Sums {
                opening: reader.dec(a.opening)?,
                debit: reader.dec(a.debit)?,
                credit: reader.dec(a.credit)?,
            })
        })
        .collect::<Option<Vec<Sums>>>()?;
    Some((sums, reader.dec(earlier)?))
}

/// `statements::net_sums` from the totals: signed sums of posted lines dated
/// `from..=to`, openings left out.
pub(crate) fn net_sums(
    book: &Book,
    chart: &mut Chart<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> Option<Vec<Decimal>> {
    let reader = Reader::new(book)?;
    let mut accs: Vec<Acc> = vec![Acc::default(); chart.slots.len()];
    let mut ok = true;
    reader.visit(from, to, |account, _, bucket| {
        match grow(&mut accs, chart.slot(account)) {
            Some(a) => a.add(bucket.net()),
            None => ok = false,
        }
    })?;
    if !ok {
        return None;
    }
    accs.resize(chart.slots.len(), Acc::default());
    accs.into_iter().map(|a| reader.dec(a)).collect()
}

/// `statements::balance_sheet`'s pass from the totals: per slot the signed sums
/// of balance-sheet accounts through `as_of`, and the profit of this year (from
/// `year_start`) and of earlier ones.
pub(crate) fn balance_sheet_sums(
    book: &Book,
    chart: &mut Chart<'_>,
    as_of: NaiveDate,
    year_start: NaiveDate,
) -> Option<(Vec<Decimal>, Decimal, Decimal)> {
    let reader = Reader::new(book)?;
    let year_start = month_index(year_start);
    let mut accs: Vec<Acc> = vec![Acc::default(); chart.slots.len()];
    let (mut this_year, mut earlier) = (Acc::default(), Acc::default());
    let mut ok = true;
    reader.visit(NaiveDate::MIN, as_of, |account, month, bucket| {
        let slot = chart.slot(account);
        if chart
            .slots
            .get(slot)
            .is_some_and(|s| s.kind().is_balance_sheet())
        {
            match grow(&mut accs, slot) {
                Some(a) => a.add(bucket.net()),
                None => ok = false,
            }
        } else if month >= year_start {
            this_year.add(bucket.net().negated());
        } else {
            earlier.add(bucket.net().negated());
        }
    })?;
    for entry in reader.openings(as_of) {
        for line in entry.lines() {
            let slot = chart.slot(line.account);
            let net = line_bucket(line.amount)?.net();
            if chart
                .slots
                .get(slot)
                .is_some_and(|s| s.kind().is_balance_sheet())
            {
                grow(&mut accs, slot)?.add(net);
            } else {
                earlier.add(net.negated());
            }
        }
    }
    if !ok {
        return None;
    }
    accs.resize(chart.slots.len(), Acc::default());
    let sums = accs
        .into_iter()
        .map(|a| reader.dec(a))
        .collect::<Option<Vec<Decimal>>>()?;
    Some((sums, reader.dec(this_year)?, reader.dec(earlier)?))
}

/// `statements::monthly_profit_and_loss`'s pass from the totals: per slot the
/// signed sums of the twelve months from `start` (the 1st of a month).
pub(crate) fn monthly_sums(
    book: &Book,
    chart: &mut Chart<'_>,
    start: NaiveDate,
    end: NaiveDate,
) -> Option<Vec<[Decimal; 12]>> {
    let reader = Reader::new(book)?;
    let base = month_index(start);
    let mut accs: Vec<[Acc; 12]> = vec![[Acc::default(); 12]; chart.slots.len()];
    let mut ok = true;
    reader.visit(start, end, |account, month, bucket| {
        let slot = chart.slot(account);
        let cell = usize::try_from(month.wrapping_sub(base))
            .ok()
            .and_then(|m| grow(&mut accs, slot)?.get_mut(m));
        match cell {
            Some(cell) => cell.add(bucket.net()),
            None => ok = false,
        }
    })?;
    if !ok {
        return None;
    }
    accs.resize(chart.slots.len(), [Acc::default(); 12]);
    accs.into_iter()
        .map(|months| {
            let mut out = [Decimal::ZERO; 12];
            for (o, m) in out.iter_mut().zip(months) {
                *o = reader.dec(m)?;
            }
            Some(out)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{create_book, Record, RecordKind, SettingsInput, WriteCtx};
    use crate::ids::DeviceId;
    use crate::ledger::{EntryHeader, EntryOrigin, EntryStatus, Posting};
    use crate::money::limits::MAX_AMOUNT;
    use crate::reports::{
        balance_sheet, general_ledger, general_ledger_page, journal, journal_page,
        monthly_profit_and_loss, profit_and_loss, trial_balance, Period,
    };
    use crate::sync::{Change, ChangeSet, HlcClock};
    use proptest::prelude::*;

    fn ctx(device: u128, now: u64, n: u128) -> WriteCtx {
        let mut clock = HlcClock::new(DeviceId(RecordId::from_parts(1, device)));
        WriteCtx {
            set_id: RecordId::from_parts(now.max(1), n),
            stamp: clock.tick(now),
        }
    }

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(u64::from(n))
    }

    /// What one change set does to one of a few entries.
    #[derive(Clone, Debug)]
    struct Op {
        now: u64,
        device: u128,
        entry: u128,
        day: u32,
        accounts: (usize, usize),
        mantissa: i64,
        scale: u32,
        kind: u8,
    }

    fn ops() -> impl Strategy<Value = Vec<Op>> {
        let op = (
            (1u64..200, 0u128..3, 0u128..10, 0u32..1100),
            (0usize..12, 0usize..12, 1i64..1_000_000, 0u32..8, 0u8..12),
        )
            .prop_map(
                |((now, device, entry, day), (a, b, mantissa, scale, kind))| Op {
                    now,
                    device,
                    entry,
                    day,
                    accounts: (a, b),
                    mantissa,
                    // Mostly the book's one scale; now and then another.
                    scale: match scale {
                        6 => 2,
                        7 => 5,
                        _ => 0,
                    },
                    kind,
                },
            );
        proptest::collection::vec(op, 1..40)
    }

    fn entry_sets(ops: &[Op], accounts: &[RecordId]) -> Vec<ChangeSet> {
        ops.iter()
            .enumerate()
            .map(|(i, op)| {
                let ctx = ctx(op.device, op.now, 1_000 + i as u128);
                let id = RecordId::from_parts(7_000, op.entry);
                let account = |n: usize| {
                    accounts
                        .get(n)
                        .copied()
                        // An id the chart lacks (an account deleted elsewhere).
                        .unwrap_or(RecordId::from_parts(9_999, 1))
                };
                let mut amount = Decimal::new(op.mantissa, op.scale);
                if op.kind == 11 {
                    amount = MAX_AMOUNT + Decimal::ONE;
                }
                let (a, b) = op.accounts;
                let b = if a == b { (b + 1) % 13 } else { b };
                let line = |account, amount| Posting {
                    account,
                    amount,
                    tax_code: None,
                    memo: String::new(),
                    tax_part: None,
                    business_class: None,
                    supply_date: None,
                };
                let mut lines = vec![line(account(a), amount), line(account(b), -amount)];
                if op.kind == 5 {
                    // Three lines, one side split.
                    let half = Decimal::new(op.mantissa / 2 + 1, op.scale);
                    lines = vec![
                        line(account(a), amount),
                        line(account(b), -half),
                        line(account((b + 3) % 12), half - amount),
                    ];
                    lines.retain(|l| !l.amount.is_zero());
                }
                let header = EntryHeader {
                    id,
                    // Openings on a year's first day, as closing makes them.
                    date: if op.kind == 4 {
                        day(365 * (op.day % 3))
                    } else {
                        day(op.day)
                    },
                    description: format!("entry {i}"),
                    partner: None,
                    status: if op.kind == 3 {
                        EntryStatus::Draft
                    } else {
                        EntryStatus::Posted
                    },
                    corrects: (op.kind == 6).then(|| RecordId::from_parts(7_000, 0)),
                };
                let origin = if op.kind == 4 {
                    EntryOrigin::YearClose
                } else {
                    EntryOrigin::Entered
                };
                let Ok(entry) = JournalEntry::from_stored(header, lines, origin) else {
                    return ctx.change_set(vec![]);
                };
                let change = match op.kind {
                    0 => Change::Delete {
                        key: crate::book::RecordKey {
                            kind: RecordKind::JournalEntry,
                            id,
                        },
                    },
                    1 => Change::Edit {
                        record: Record::JournalEntry(entry),
                        fields: vec!["status".into()],
                    },
                    2 => Change::Edit {
                        record: Record::JournalEntry(entry),
                        fields: vec!["date".into(), "lines".into()],
                    },
                    _ => Change::Put {
                        record: Record::JournalEntry(entry),
                    },
                };
                ctx.change_set(vec![change])
            })
            .collect()
    }

    fn base(start_month: u32) -> (ChangeSet, Vec<RecordId>) {
        let mut n = 0;
        let set = create_book(
            SettingsInput {
                name: "Test".into(),
                fiscal_year_start_month: start_month,
                ..SettingsInput::default()
            },
            RecordId::from_parts(1_000, 1),
            &mut || {
                n += 1;
                RecordId::from_parts(2_000, n)
            },
            ctx(9, 1, 1),
        )
        .unwrap();
        let book = Book::from_change_sets([&set]);
        // A few of each kind, so the books have assets, revenue, expenses...
        let mut accounts: Vec<&crate::ledger::Account> = book.accounts();
        accounts.sort_by_key(|a| (a.kind as u8, a.code.clone()));
        let mut picked = Vec::new();
        for kind in accounts.iter().map(|a| a.kind) {
            if picked
                .iter()
                .filter(|a: &&&crate::ledger::Account| a.kind == kind)
                .count()
                < 3
            {
                if let Some(a) = accounts
                    .iter()
                    .find(|a| a.kind == kind && !picked.iter().any(|p| p.id == a.id))
                {
                    picked.push(*a);
                }
            }
        }
        let ids = picked.iter().map(|a| a.id).take(12).collect();
        (set, ids)
    }

    /// Every report, computed with the fast path on and off.
    fn reports(book: &Book, period: Period, account: RecordId, start: usize) -> Vec<String> {
        let limit = 7;
        let whole = general_ledger(book, account, period);
        let page = general_ledger_page(book, account, period, start, limit);
        let journal_whole = journal(book, period);
        let journal_page = journal_page(book, period, start, limit);
        // The page is the whole report's slice, with its figures.
        assert_eq!(page.opening, whole.opening);
        assert_eq!(format!("{:?}", page.rows), {
            let rows: Vec<_> = whole.rows.iter().skip(start).take(limit).collect();
            format!("{rows:?}")
        });
        assert_eq!(
            format!(
                "{:?}",
                (page.total_rows, page.debit, page.credit, page.closing)
            ),
            format!(
                "{:?}",
                (whole.rows.len(), whole.debit, whole.credit, whole.closing)
            )
        );
        assert_eq!(
            format!(
                "{:?}",
                (
                    journal_page.total_rows,
                    journal_page.debit,
                    journal_page.credit
                )
            ),
            format!(
                "{:?}",
                (
                    journal_whole.rows.len(),
                    journal_whole.debit,
                    journal_whole.credit
                )
            )
        );
        assert_eq!(
            format!("{:?}", journal_page.rows),
            format!(
                "{:?}",
                journal_whole
                    .rows
                    .iter()
                    .skip(start)
                    .take(limit)
                    .collect::<Vec<_>>()
            )
        );
        vec![
            format!("{:?}", trial_balance(book, period)),
            format!("{:?}", profit_and_loss(book, period)),
            format!("{:?}", balance_sheet(book, period.to)),
            format!("{:?}", balance_sheet(book, period.from)),
            format!("{:?}", monthly_profit_and_loss(book, period.from)),
            format!("{:?}", page),
            format!("{:?}", journal_page),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Whatever the edits, corrections, deletions, drafts, openings,
        /// out-of-range entries and merge order, every report read through the
        /// totals is the report read entry by entry, to the scale.
        #[test]
        fn the_fast_path_gives_the_entries_figures(
            ops in ops(),
            start_month in 1u32..=12,
            from in 0u32..1100,
            year_start in 0u32..6,
            days in 0u32..800,
            whole_months in any::<bool>(),
            account in 0usize..13,
            start in 0usize..12,
            seed: u64,
        ) {
            let (created, accounts) = base(start_month);
            let sets = entry_sets(&ops, &accounts);
            let forward = Book::from_change_sets(std::iter::once(&created).chain(&sets));
            let mut shuffled = sets.clone();
            let len = shuffled.len();
            shuffled.rotate_left((seed as usize) % len);
            shuffled.reverse();
            let backward = Book::from_change_sets(
                shuffled.iter().chain(std::iter::once(&created)).chain(&sets),
            );
            prop_assert_eq!(&forward, &backward);
            // Often a first of January, where the openings are.
            let from = if year_start < 3 { 365 * year_start } else { from };
            let (mut from, mut to) = (day(from), day(from + days));
            if whole_months {
                from = super::super::first_of_month(from);
                to = super::super::add_months(super::super::first_of_month(to), 1)
                    .pred_opt()
                    .unwrap();
            }
            let period = Period::new(from, to).unwrap();
            let account = accounts.get(account).copied().unwrap_or(RecordId::from_parts(9_999, 1));
            let fast = reports(&forward, period, account, start);
            OFF.with(|off| off.set(true));
            let slow = reports(&forward, period, account, start);
            OFF.with(|off| off.set(false));
            for (fast, slow) in fast.iter().zip(&slow) {
                prop_assert_eq!(fast, slow);
            }
        }
    }
}
