//! The tax split of tax-exclusive books (税抜経理): from the lines of an entry,
//! the lines that book its consumption tax to 仮払消費税 (input tax) or 仮受消費税
//! (output tax). The entry form shows them as the user types, quick entry uses
//! the same split, and they are saved as ordinary lines marked with a [`TaxPart`].
//!
//! The rules:
//! - Lines are grouped by tax code: one group per rate and side, with purchases
//!   that lack a qualified invoice apart, since their tax is credited differently.
//!   A group's tax is the sum of its lines' tax-excluded amounts times the rate on
//!   the entry's date, rounded **once** by the named [`Rounding`] of [`TaxRules`]:
//!   an entry is one invoice, and invoices round once per rate, never line by line.
//! - The tax goes to the first live account, in code order, whose role is
//!   [`AccountRole::InputTax`] (purchases) or [`AccountRole::OutputTax`] (sales).
//! - A purchase from a supplier who is not a registered issuer is only partly
//!   creditable during the transition ([`TaxCode::credit_ratio_on`]). Only the
//!   creditable share (the group's tax times the ratio, rounded once by the same
//!   rule) goes to 仮払消費税, as [`TaxPart::Tax`]. The rest is part of what the
//!   purchase cost, so it stays with the purchase: a line of its own
//!   ([`TaxPart::NotCreditable`]) on the account of the group's first line, with
//!   the group's tax code. A line of its own, rather than a larger purchase line,
//!   keeps what the user typed as typed and lets the tax summary count the whole
//!   tax of the purchase while crediting only the share.
//! - Signs follow the lines: a return gives tax lines on the other side.
//! - The user may type over any tax line's amount (an invoice that computed its
//!   tax another way). The override is kept as typed; the other lines of the entry
//!   must balance it, like any line.
//! - Tax-inclusive books (税込経理) get no tax lines; exempt, export, non-taxable
//!   and out-of-scope codes carry no tax.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Account, AccountRole, Posting, TaxCode, TaxKind};
use crate::book::{Book, TaxAccounting};
use crate::ids::RecordId;
use crate::money::limits::{checked_sum, sum_within, LimitError, Magnitude};
use crate::money::{round, Currency, Rounding};

/// Which part of a tax split a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxPart {
    /// The tax on 仮払消費税 or 仮受消費税 (for a purchase without a qualified
    /// invoice, its creditable share only).
    Tax,
    /// The share of a purchase's tax that cannot be credited, booked as part of
    /// its cost on the purchase's account.
    NotCreditable,
}

/// What the split needs from a book's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaxRules {
    /// Whether the book splits tax out (税抜経理).
    pub exclusive: bool,
    /// The book's currency: tax is rounded to its minor units.
    pub currency: Currency,
    pub rounding: Rounding,
}

impl TaxRules {
    /// The rules of a book; a book without settings is treated as tax-inclusive.
    /// The rounding is the business profile's document tax rounding, so an
    /// entry and the invoice it posts round alike; without a profile, toward
    /// zero (切り捨て), the usual choice in Japan.
    pub fn for_book(book: &Book) -> TaxRules {
        let settings = book.settings();
        TaxRules {
            exclusive: book.tax_accounting() == TaxAccounting::Exclusive,
            currency: settings.map_or(Currency::JPY, |s| s.currency),
            rounding: book
                .business_profile()
                .map(|p| p.tax_rounding)
                .unwrap_or_default(),
        }
    }
}

/// An amount the user typed over a computed tax line. `amount` is its size; the
/// side follows the lines it was computed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaxOverride {
    pub code: TaxCode,
    pub part: TaxPart,
    pub amount: Decimal,
}

/// One line of the split, with the figures it came from so the user can check it.
#[derive(Clone, Debug, PartialEq)]
pub struct TaxLine {
    pub code: TaxCode,
    pub part: TaxPart,
    pub account: RecordId,
    /// The group's tax-excluded amounts summed, signed like postings.
    pub base: Decimal,
    /// The rate on the entry's date.
    pub rate: Decimal,
    /// The share of the group's tax this part holds (1 unless the purchase lacks
    /// a qualified invoice).
    pub share: Decimal,
    /// What the split computes, signed like a posting.
    pub computed: Decimal,
    /// What is booked: `computed`, or the user's override.
    pub amount: Decimal,
}

impl TaxLine {
    pub fn is_overridden(&self) -> bool {
        self.amount != self.computed
    }

    /// The line as it is saved on the entry.
    pub fn posting(&self) -> Posting {
        Posting {
            account: self.account,
            amount: self.amount,
            tax_code: Some(self.code),
            memo: String::new(),
            tax_part: Some(self.part),
            business_class: None,
            supply_date: None,
        }
    }
}

/// The postings of a split. A line whose tax rounds to nothing is left out (an
/// entry has no empty lines).
pub fn tax_postings(lines: &[TaxLine]) -> Vec<Posting> {
    lines
        .iter()
        .filter(|l| !l.amount.is_zero())
        .map(TaxLine::posting)
        .collect()
}

/// Why the tax of an entry cannot be split out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaxSplitError {
    #[error("the book is tax-exclusive but no live account has the role {role:?}")]
    NoTaxAccount { role: AccountRole },
    #[error("the tax line for {code:?} must be more than zero")]
    InvalidOverride { code: TaxCode },
    /// The lines of one tax code add up beyond the largest amount.
    #[error("the lines with tax code {code:?}: {error}")]
    TooLarge { code: TaxCode, error: LimitError },
}

/// Codes whose lines carry tax to split out: taxable sales and purchases, and
/// the tax of a bad debt or its recovery (taken from or put back on 仮受消費税).
fn is_taxable(code: TaxCode) -> bool {
    code.kind() == TaxKind::TaxablePurchase || on_output_tax(code)
}

/// Whether the code's tax is booked on 仮受消費税.
fn on_output_tax(code: TaxCode) -> bool {
    matches!(
        code.kind(),
        TaxKind::TaxableSale | TaxKind::BadDebt | TaxKind::BadDebtRecovery
    )
}

/// The lines of one tax code: their amounts summed, and where a non-creditable
/// share goes.
struct Group {
    base: Decimal,
    first_account: RecordId,
}

/// The taxable lines a person typed (earlier tax lines are ignored), by code;
/// refused when a code's lines add up beyond the largest amount (the lines
/// may be a stored entry's, written before there were limits).
fn groups(lines: &[Posting]) -> Result<BTreeMap<TaxCode, Group>, TaxSplitError> {
    let mut groups = BTreeMap::new();
    for line in lines.iter().filter(|l| l.tax_part.is_none()) {
        let Some(code) = line.tax_code.filter(|c| is_taxable(*c)) else {
            continue;
        };
        let group = groups.entry(code).or_insert(Group {
            base: Decimal::ZERO,
            first_account: line.account,
        });
        group.base = sum_within([group.base, line.amount], Magnitude::Amount)
            .map_err(|error| TaxSplitError::TooLarge { code, error })?;
    }
    groups.retain(|_, g| !g.base.is_zero());
    Ok(groups)
}

/// The share of a code's tax booked as tax: all of a sale's or a registered
/// purchase's, the transitional credit ratio of an unregistered one.
fn creditable_share(code: TaxCode, on: NaiveDate) -> Decimal {
    if on_output_tax(code) {
        Decimal::ONE
    } else {
        code.credit_ratio_on(on)
    }
}

/// A code's tax divided into its parts, each with its share: the creditable
/// share (rounded once by the rules) booked as tax, and the rest, which stays
/// with the purchase as cost. Documents posting their own per-code tax use it too.
pub(crate) fn tax_parts(
    code: TaxCode,
    tax: Decimal,
    on: NaiveDate,
    rules: &TaxRules,
) -> [(TaxPart, Decimal, Decimal); 2] {
    let share = creditable_share(code, on);
    let creditable = if share == Decimal::ONE {
        tax
    } else {
        round(tax * share, rules.currency, rules.rounding)
    };
    [
        (TaxPart::Tax, share, creditable),
        (
            TaxPart::NotCreditable,
            Decimal::ONE - share,
            tax - creditable,
        ),
    ]
}

fn tax_account(chart: &[&Account], code: TaxCode) -> Result<RecordId, TaxSplitError> {
    let role = if on_output_tax(code) {
        AccountRole::OutputTax
    } else {
        AccountRole::InputTax
    };
    chart
        .iter()
        .find(|a| !a.archived && a.role == Some(role))
        .map(|a| a.id)
        .ok_or(TaxSplitError::NoTaxAccount { role })
}

/// The user's amount for a line, signed like the group's lines, if there is one.
fn override_of(
    overrides: &[TaxOverride],
    code: TaxCode,
    part: TaxPart,
    base: Decimal,
) -> Result<Option<Decimal>, TaxSplitError> {
    let Some(o) = overrides.iter().find(|o| o.code == code && o.part == part) else {
        return Ok(None);
    };
    if o.amount <= Decimal::ZERO {
        return Err(TaxSplitError::InvalidOverride { code });
    }
    Ok(Some(if base.is_sign_negative() {
        -o.amount
    } else {
        o.amount
    }))
}

/// The tax lines of an entry's `lines` dated `date`, in a book with `rules` and
/// the accounts of `chart`, with the user's `overrides` applied (overrides of
/// lines the split does not make are ignored). In tax-code order, the tax before
/// the non-creditable share.
pub fn split_tax(
    lines: &[Posting],
    date: NaiveDate,
    rules: &TaxRules,
    chart: &[&Account],
    overrides: &[TaxOverride],
) -> Result<Vec<TaxLine>, TaxSplitError> {
    if !rules.exclusive {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for (code, group) in groups(lines)? {
        let rate = code.rate_on(date);
        let tax = round(group.base * rate, rules.currency, rules.rounding);
        for (part, part_share, computed) in tax_parts(code, tax, date, rules) {
            if part_share.is_zero() {
                continue;
            }
            let account = match part {
                TaxPart::Tax => tax_account(chart, code)?,
                TaxPart::NotCreditable => group.first_account,
            };
            let amount = override_of(overrides, code, part, group.base)?.unwrap_or(computed);
            out.push(TaxLine {
                code,
                part,
                account,
                base: group.base,
                rate,
                share: part_share,
                computed,
                amount,
            });
        }
    }
    Ok(out)
}

/// Splits a tax-included amount (what quick entry asks for: the amount paid or
/// received) into its tax-excluded line and its tax lines. The tax is the tax
/// contained in the amount, rounded once by the rules (as a receipt that states
/// tax-included totals computes it); the tax-excluded line is the rest, and the
/// tax lines come from [`split_tax`] on it. Any other line (or book) comes back
/// as it is, with no tax lines.
pub fn split_gross(
    line: &Posting,
    date: NaiveDate,
    rules: &TaxRules,
    chart: &[&Account],
) -> Result<(Posting, Vec<TaxLine>), TaxSplitError> {
    let Some(code) = line.tax_code.filter(|c| rules.exclusive && is_taxable(*c)) else {
        return Ok((line.clone(), Vec::new()));
    };
    let tax = code.tax_in_gross(line.amount, date, rules.currency, rules.rounding);
    let base = Posting {
        amount: line.amount - tax,
        ..line.clone()
    };
    let base_lines = std::slice::from_ref(&base);
    let split = split_tax(base_lines, date, rules, chart, &[])?;
    let off = tax - split.iter().map(|l| l.amount).sum::<Decimal>();
    let Some(first) = split.first().filter(|_| !off.is_zero()) else {
        return Ok((base.clone(), split));
    };
    // Some totals are not any tax-excluded amount plus its rounded tax (¥109 at
    // 10%: ¥99 + ¥9 = ¥108, ¥100 + ¥10 = ¥110), so the tax line takes the tax the
    // total contains, and the entry still adds up to what was paid.
    let fix = TaxOverride {
        code,
        part: first.part,
        amount: (first.amount + off).abs(),
    };
    Ok((
        base.clone(),
        split_tax(base_lines, date, rules, chart, &[fix])?,
    ))
}

/// The overrides that give back a saved entry's tax lines when its `lines` are
/// split again (to edit a draft or correct an entry): each saved tax line whose
/// amount is not what the split computes.
pub fn saved_overrides(
    lines: &[Posting],
    date: NaiveDate,
    rules: &TaxRules,
    chart: &[&Account],
) -> Result<Vec<TaxOverride>, TaxSplitError> {
    let computed = split_tax(lines, date, rules, chart, &[])?;
    Ok(computed
        .iter()
        .filter_map(|c| {
            // The split succeeded, so the code's lines are within the largest
            // amount; its saved tax lines may not be (a stored entry).
            let saved = checked_sum(
                lines
                    .iter()
                    .filter(|l| l.tax_part == Some(c.part) && l.tax_code == Some(c.code))
                    .map(|l| l.amount),
            )
            .unwrap_or(Decimal::ZERO);
            (!saved.is_zero() && saved != c.computed).then_some(TaxOverride {
                code: c.code,
                part: c.part,
                amount: saved.abs(),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::AccountType;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::from_str(s).unwrap()
    }

    fn id(n: u128) -> RecordId {
        RecordId::from_parts(1, n)
    }

    const INPUT_TAX: u128 = 1;
    const OUTPUT_TAX: u128 = 2;
    const SUPPLIES: u128 = 3;
    const MEALS: u128 = 4;
    const CASH: u128 = 5;
    const SALES: u128 = 6;

    fn account(n: u128, kind: AccountType, role: Option<AccountRole>) -> Account {
        Account {
            role,
            ..Account::new(id(n), kind)
        }
    }

    fn chart() -> Vec<Account> {
        vec![
            account(INPUT_TAX, AccountType::Asset, Some(AccountRole::InputTax)),
            account(
                OUTPUT_TAX,
                AccountType::Liability,
                Some(AccountRole::OutputTax),
            ),
            account(SUPPLIES, AccountType::Expense, None),
            account(MEALS, AccountType::Expense, None),
            account(CASH, AccountType::Asset, Some(AccountRole::Cash)),
            account(SALES, AccountType::Revenue, None),
        ]
    }

    fn line(account: u128, amount: &str, code: Option<TaxCode>) -> Posting {
        Posting {
            account: id(account),
            amount: d(amount),
            tax_code: code,
            memo: String::new(),
            tax_part: None,
            business_class: None,
            supply_date: None,
        }
    }

    const EXCLUSIVE: TaxRules = TaxRules {
        exclusive: true,
        currency: Currency::JPY,
        rounding: Rounding::Down,
    };

    fn split(lines: &[Posting], on: &str) -> Vec<TaxLine> {
        split_with(lines, on, &EXCLUSIVE, &[])
    }

    fn split_with(
        lines: &[Posting],
        on: &str,
        rules: &TaxRules,
        overrides: &[TaxOverride],
    ) -> Vec<TaxLine> {
        let chart = chart();
        let refs: Vec<&Account> = chart.iter().collect();
        split_tax(lines, day(on), rules, &refs, overrides).unwrap()
    }

    /// (account, part, amount) of each tax line.
    fn summary(lines: &[TaxLine]) -> Vec<(RecordId, TaxPart, Decimal)> {
        lines
            .iter()
            .map(|l| (l.account, l.part, l.amount))
            .collect()
    }

    fn balance(lines: &[Posting], tax: &[TaxLine]) -> Decimal {
        lines
            .iter()
            .chain(tax_postings(tax).iter())
            .map(|p| p.amount)
            .sum()
    }

    #[test]
    fn an_expense_at_10_percent_books_its_tax_as_input_tax() {
        let lines = [
            line(SUPPLIES, "10000", Some(TaxCode::Purchase10)),
            line(CASH, "-11000", None),
        ];
        let tax = split(&lines, "2026-04-01");
        assert_eq!(summary(&tax), [(id(INPUT_TAX), TaxPart::Tax, d("1000"))]);
        assert_eq!((tax[0].base, tax[0].rate), (d("10000"), d("0.10")));
        assert!(!tax[0].is_overridden());
        assert_eq!(balance(&lines, &tax), Decimal::ZERO);
        let posting = &tax_postings(&tax)[0];
        assert_eq!(posting.tax_part, Some(TaxPart::Tax));
        assert_eq!(posting.tax_code, Some(TaxCode::Purchase10));
    }

    #[test]
    fn a_bad_debt_takes_its_tax_off_output_tax_and_a_recovery_puts_it_back() {
        // A receivable of 11,000 written off: net 10,000 on the loss, 1,000 of
        // tax debited to 仮受消費税 (it was credited there when sold).
        let lines = [
            line(SUPPLIES, "10000", Some(TaxCode::BadDebt10)),
            line(CASH, "-11000", None),
        ];
        let tax = split(&lines, "2027-09-30");
        assert_eq!(summary(&tax), [(id(OUTPUT_TAX), TaxPart::Tax, d("1000"))]);
        assert_eq!(balance(&lines, &tax), Decimal::ZERO);
        // Collected after all: 5,000 net credited, 500 back on 仮受消費税.
        let lines = [
            line(CASH, "5500", None),
            line(SALES, "-5000", Some(TaxCode::BadDebtRecovered10)),
        ];
        let tax = split(&lines, "2027-11-15");
        assert_eq!(summary(&tax), [(id(OUTPUT_TAX), TaxPart::Tax, d("-500"))]);
    }

    #[test]
    fn a_sale_at_the_reduced_rate_books_output_tax_on_the_credit_side() {
        let lines = [
            line(CASH, "5400", None),
            line(SALES, "-5000", Some(TaxCode::Sales8Reduced)),
        ];
        let tax = split(&lines, "2026-04-01");
        assert_eq!(summary(&tax), [(id(OUTPUT_TAX), TaxPart::Tax, d("-400"))]);
        assert_eq!(balance(&lines, &tax), Decimal::ZERO);
    }

    #[test]
    fn each_rate_is_rounded_once_per_entry_not_line_by_line() {
        // Three 10% lines of 105 and two 8% lines of 115: line by line, rounded
        // down, 10 + 10 + 10 = 30 and 9 + 9 = 18; once per rate, 315 × 10% = 31
        // and 230 × 8% = 18.4 → 18.
        let lines = [
            line(SUPPLIES, "105", Some(TaxCode::Purchase10)),
            line(SUPPLIES, "105", Some(TaxCode::Purchase10)),
            line(SUPPLIES, "105", Some(TaxCode::Purchase10)),
            line(MEALS, "115", Some(TaxCode::Purchase8Reduced)),
            line(MEALS, "115", Some(TaxCode::Purchase8Reduced)),
            line(CASH, "-594", None),
        ];
        let on = day("2026-04-01");
        let per_line: Decimal = lines
            .iter()
            .filter_map(|l| {
                Some(
                    l.tax_code?
                        .tax_on_net(l.amount, on, Currency::JPY, Rounding::Down),
                )
            })
            .sum();
        assert_eq!(per_line, d("48"));
        let tax = split(&lines, "2026-04-01");
        assert_eq!(
            summary(&tax),
            [
                (id(INPUT_TAX), TaxPart::Tax, d("31")),
                (id(INPUT_TAX), TaxPart::Tax, d("18")),
            ]
        );
        assert_eq!(tax[0].code, TaxCode::Purchase10);
        assert_eq!(tax[1].code, TaxCode::Purchase8Reduced);
        assert_eq!(balance(&lines, &tax), Decimal::ZERO);
    }

    #[test]
    fn the_rounding_is_named_by_the_rules() {
        let lines = [
            line(SUPPLIES, "1995", Some(TaxCode::Purchase10)),
            line(CASH, "-2194", None),
        ];
        // 1,995 × 10% = 199.5
        assert_eq!(split(&lines, "2026-04-01")[0].amount, d("199"));
        let half_up = TaxRules {
            rounding: Rounding::HalfUp,
            ..EXCLUSIVE
        };
        assert_eq!(
            split_with(&lines, "2026-04-01", &half_up, &[])[0].amount,
            d("200")
        );
        let usd = TaxRules {
            currency: Currency::from_str("USD").unwrap(),
            ..EXCLUSIVE
        };
        // Rounded to the currency's cents: 19.95 × 10% = 1.995 → 1.99.
        let cents = [line(SUPPLIES, "19.95", Some(TaxCode::Purchase10))];
        assert_eq!(
            split_with(&cents, "2026-04-01", &usd, &[])[0].amount,
            d("1.99")
        );
    }

    #[test]
    fn an_unregistered_purchase_credits_the_share_of_its_date() {
        // 10,000 at 10% from a supplier without a qualified invoice: 1,000 tax.
        let cases = [
            ("2023-09-30", "1000", None),
            ("2023-10-01", "800", Some("200")),
            ("2026-09-30", "800", Some("200")),
            ("2026-10-01", "700", Some("300")),
            ("2028-10-01", "500", Some("500")),
            ("2030-10-01", "300", Some("700")),
        ];
        for (on, creditable, not_creditable) in cases {
            let lines = [
                line(SUPPLIES, "10000", Some(TaxCode::Purchase10Unregistered)),
                line(CASH, "-11000", None),
            ];
            let tax = split(&lines, on);
            let mut expected = vec![(id(INPUT_TAX), TaxPart::Tax, d(creditable))];
            if let Some(rest) = not_creditable {
                expected.push((id(SUPPLIES), TaxPart::NotCreditable, d(rest)));
            }
            assert_eq!(summary(&tax), expected, "on {on}");
            assert_eq!(balance(&lines, &tax), Decimal::ZERO, "on {on}");
        }
        // From 2031-10-01 nothing is creditable: all of it is cost.
        let lines = [line(
            SUPPLIES,
            "10000",
            Some(TaxCode::Purchase10Unregistered),
        )];
        assert_eq!(
            summary(&split(&lines, "2031-10-01")),
            [(id(SUPPLIES), TaxPart::NotCreditable, d("1000"))]
        );
    }

    #[test]
    fn the_creditable_share_is_rounded_once_by_the_rules() {
        // 1,234 at 8%: 98.72 → 98 tax; 98 × 80% = 78.4 → 78 creditable, 20 cost.
        let lines = [line(
            MEALS,
            "1234",
            Some(TaxCode::Purchase8ReducedUnregistered),
        )];
        assert_eq!(
            summary(&split(&lines, "2026-01-15")),
            [
                (id(INPUT_TAX), TaxPart::Tax, d("78")),
                (id(MEALS), TaxPart::NotCreditable, d("20")),
            ]
        );
    }

    #[test]
    fn a_tax_inclusive_book_and_untaxed_codes_get_no_tax_lines() {
        let lines = [
            line(SUPPLIES, "10000", Some(TaxCode::Purchase10)),
            line(CASH, "-10000", None),
        ];
        let inclusive = TaxRules {
            exclusive: false,
            ..EXCLUSIVE
        };
        assert!(split_with(&lines, "2026-04-01", &inclusive, &[]).is_empty());
        for code in [
            TaxCode::SalesExempt,
            TaxCode::SalesExport,
            TaxCode::PurchaseExempt,
            TaxCode::NotTaxable,
        ] {
            let lines = [
                line(SUPPLIES, "10000", Some(code)),
                line(CASH, "-10000", None),
            ];
            assert!(split(&lines, "2026-04-01").is_empty(), "{code:?}");
        }
        assert!(split(&[line(SUPPLIES, "10000", None)], "2026-04-01").is_empty());
    }

    #[test]
    fn a_return_books_its_tax_on_the_other_side() {
        let lines = [
            line(CASH, "2200", None),
            line(SUPPLIES, "-2000", Some(TaxCode::Purchase10)),
        ];
        assert_eq!(
            summary(&split(&lines, "2026-04-01")),
            [(id(INPUT_TAX), TaxPart::Tax, d("-200"))]
        );
    }

    #[test]
    fn an_override_is_kept_signed_like_its_group() {
        let lines = [
            line(SUPPLIES, "10000", Some(TaxCode::Purchase10)),
            line(CASH, "-10999", None),
        ];
        let fix = TaxOverride {
            code: TaxCode::Purchase10,
            part: TaxPart::Tax,
            amount: d("999"),
        };
        let tax = split_with(&lines, "2026-04-01", &EXCLUSIVE, &[fix]);
        assert_eq!((tax[0].computed, tax[0].amount), (d("1000"), d("999")));
        assert!(tax[0].is_overridden());
        assert_eq!(balance(&lines, &tax), Decimal::ZERO);
        // On a sale the same typed size is a credit.
        let sale = [line(SALES, "-10000", Some(TaxCode::Sales10))];
        let fix = TaxOverride {
            code: TaxCode::Sales10,
            ..fix
        };
        assert_eq!(
            split_with(&sale, "2026-04-01", &EXCLUSIVE, &[fix])[0].amount,
            d("-999")
        );
        // Zero or less is refused, by code.
        let zero = TaxOverride {
            amount: Decimal::ZERO,
            ..fix
        };
        let chart = chart();
        let refs: Vec<&Account> = chart.iter().collect();
        assert_eq!(
            split_tax(&sale, day("2026-04-01"), &EXCLUSIVE, &refs, &[zero]),
            Err(TaxSplitError::InvalidOverride {
                code: TaxCode::Sales10
            })
        );
    }

    #[test]
    fn saved_tax_lines_come_back_as_overrides_only_where_typed_over() {
        let mut lines = vec![
            line(SUPPLIES, "10000", Some(TaxCode::Purchase10)),
            line(MEALS, "5000", Some(TaxCode::Purchase8Reduced)),
            line(CASH, "-16399", None),
        ];
        let fix = TaxOverride {
            code: TaxCode::Purchase10,
            part: TaxPart::Tax,
            amount: d("999"),
        };
        let tax = split_with(&lines, "2026-04-01", &EXCLUSIVE, &[fix]);
        lines.extend(tax_postings(&tax));
        assert_eq!(
            lines.iter().map(|l| l.amount).sum::<Decimal>(),
            Decimal::ZERO
        );
        let chart = chart();
        let refs: Vec<&Account> = chart.iter().collect();
        let again = saved_overrides(&lines, day("2026-04-01"), &EXCLUSIVE, &refs).unwrap();
        assert_eq!(again, [fix]);
        // Splitting the saved lines ignores their tax lines and gives the same.
        assert_eq!(split_with(&lines, "2026-04-01", &EXCLUSIVE, &again), tax);
    }

    #[test]
    fn a_book_without_a_tax_account_is_told_which_role_is_missing() {
        let chart: Vec<Account> = chart()
            .into_iter()
            .filter(|a| a.role != Some(AccountRole::OutputTax))
            .collect();
        let mut archived = chart.clone();
        archived[0].archived = true;
        let sale = [line(SALES, "-1000", Some(TaxCode::Sales10))];
        let purchase = [line(SUPPLIES, "1000", Some(TaxCode::Purchase10))];
        let on = day("2026-04-01");
        let refs: Vec<&Account> = chart.iter().collect();
        assert_eq!(
            split_tax(&sale, on, &EXCLUSIVE, &refs, &[]),
            Err(TaxSplitError::NoTaxAccount {
                role: AccountRole::OutputTax
            })
        );
        assert!(split_tax(&purchase, on, &EXCLUSIVE, &refs, &[]).is_ok());
        let refs: Vec<&Account> = archived.iter().collect();
        assert_eq!(
            split_tax(&purchase, on, &EXCLUSIVE, &refs, &[]),
            Err(TaxSplitError::NoTaxAccount {
                role: AccountRole::InputTax
            })
        );
    }

    fn gross(
        amount: &str,
        code: TaxCode,
        on: &str,
    ) -> (Decimal, Vec<(RecordId, TaxPart, Decimal)>) {
        let chart = chart();
        let refs: Vec<&Account> = chart.iter().collect();
        let account = if code.kind() == TaxKind::TaxableSale {
            SALES
        } else {
            SUPPLIES
        };
        let (base, tax) = split_gross(
            &line(account, amount, Some(code)),
            day(on),
            &EXCLUSIVE,
            &refs,
        )
        .unwrap();
        let total = base.amount + tax.iter().map(|l| l.amount).sum::<Decimal>();
        assert_eq!(total, d(amount), "the lines add up to what was paid");
        (base.amount, summary(&tax))
    }

    #[test]
    fn a_tax_included_amount_splits_into_its_base_and_tax() {
        assert_eq!(
            gross("11000", TaxCode::Purchase10, "2026-04-01"),
            (d("10000"), vec![(id(INPUT_TAX), TaxPart::Tax, d("1000"))])
        );
        assert_eq!(
            gross("-1080", TaxCode::Sales8Reduced, "2026-04-01"),
            (d("-1000"), vec![(id(OUTPUT_TAX), TaxPart::Tax, d("-80"))])
        );
        // 1,234 contains 112.18… → 112; 1,122 × 10% = 112.2 → 112: no override.
        assert_eq!(
            gross("1234", TaxCode::Purchase10, "2026-04-01"),
            (d("1122"), vec![(id(INPUT_TAX), TaxPart::Tax, d("112"))])
        );
        // 109 contains 9.9 → 9; 100 × 10% would be 10, so the tax line holds 9.
        assert_eq!(
            gross("109", TaxCode::Purchase10, "2026-04-01"),
            (d("100"), vec![(id(INPUT_TAX), TaxPart::Tax, d("9"))])
        );
        assert_eq!(
            gross("11000", TaxCode::Purchase10Unregistered, "2026-04-01"),
            (
                d("10000"),
                vec![
                    (id(INPUT_TAX), TaxPart::Tax, d("800")),
                    (id(SUPPLIES), TaxPart::NotCreditable, d("200"))
                ]
            )
        );
        assert_eq!(
            gross("5000", TaxCode::NotTaxable, "2026-04-01"),
            (d("5000"), vec![])
        );
    }
}
