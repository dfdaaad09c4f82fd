//! 青色申告決算書: the blue return's pages as figures.

use crate::app::use_open_book;
use crate::components::{amount_td, drill_td};
use crate::i18n::use_i18n;
use crate::routes::{self};
use chrono::Datelike;
use kura_core::ids::RecordId;
use kura_core::ledger::StatementLine;
use kura_core::locale::{format_date, Locale};
use kura_core::money::Currency;
use kura_core::reports::{blue_return, Period};
use leptos::prelude::*;
use rust_decimal::Decimal;

fn line_label(line: StatementLine, locale: Locale) -> &'static str {
    match locale {
        Locale::Ja => line.label_ja(),
        Locale::En => line.label_en(),
    }
}

#[component]
pub(super) fn BlueReturnView(period: Memo<Period>, currency: Memo<Currency>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let report = Memo::new(move |_| {
        let p = period.get();
        open.book.with(|b| {
            let fy = Period::book_fiscal_year(b, p.from);
            blue_return(b, fy.from)
        })
    });
    move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let cur = currency.get();
        report.with(|br| {
            let pl = &br.profit_and_loss;
            let fy = br.fiscal_year;
            let drill_line = |accounts: &[(RecordId, Decimal)], amount: Decimal, label: &'static str| {
                // One account behind the line: its figure opens that ledger.
                match accounts {
                    [(account, _)] => drill_td(amount, cur, locale, routes::ledger(open.id, *account, fy), (t.rep_drill)(label)).into_any(),
                    _ => amount_td(amount, cur, locale).into_any(),
                }
            };
            let pl_lines = pl
                .lines
                .iter()
                .map(|l| {
                    let label = line_label(l.line, locale);
                    view! {
                        <tr data-testid="blue-pl-row">
                            <td class="kura-report__name">{label}</td>
                            {drill_line(&l.accounts, l.amount, label)}
                        </tr>
                    }
                })
                .collect_view();
            let sum = |label: &'static str, amount: Decimal, extra: &'static str| {
                let class = format!("kura-report__total {extra}");
                view! {
                    <tr class=class>
                        <th scope="row">{label}</th>
                        {amount_td(amount, cur, locale)}
                    </tr>
                }
            };
            let monthly = &br.monthly;
            let month_rows = monthly
                .months
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    view! {
                        <tr>
                            <th scope="row">{(t.rep_month)(p.from.month())}</th>
                            {amount_td(monthly.sales[i], cur, locale)}
                            {amount_td(monthly.purchases[i], cur, locale)}
                        </tr>
                    }
                })
                .collect_view();
            let bs = &br.balance_sheet;
            let bs_rows = |lines: &[kura_core::reports::BlueReturnBalanceLine]| {
                lines
                    .iter()
                    .map(|l| {
                        let label = line_label(l.line, locale);
                        view! {
                            <tr data-testid="blue-bs-row">
                                <td class="kura-report__name">{label}</td>
                                {amount_td(l.opening, cur, locale)}
                                {drill_line(&l.accounts, l.closing, label)}
                            </tr>
                        }
                    })
                    .collect_view()
            };
            let bs_total = |label: &'static str, opening: Decimal, closing: Decimal| {
                view! {
                    <tr class="kura-report__total kura-report__grand">
                        <th scope="row">{label}</th>
                        {amount_td(opening, cur, locale)}
                        {amount_td(closing, cur, locale)}
                    </tr>
                }
            };
            let bs_head = view! {
                <thead>
                    <tr>
                        <th scope="col">{t.rep_blue_line}</th>
                        <th scope="col" class="kura-report__num">{t.rep_blue_opening}<br />{format_date(bs.opening_date, locale)}</th>
                        <th scope="col" class="kura-report__num">{t.rep_blue_closing}<br />{format_date(bs.closing_date, locale)}</th>
                    </tr>
                </thead>
            };
            let bs_head2 = bs_head.clone();
            view! {
                {(!br.unmapped.is_empty()).then(|| view! {
                    <p class="kura-report__warning" role="note" data-testid="blue-unmapped">{(t.rep_blue_unmapped)(br.unmapped.len())}</p>
                })}
                <section class="kura-report__page" data-testid="blue-pl">
                    <h2 class="kura-report__subtitle">{t.rep_blue_pl}</h2>
                    <table class="kura-report__table kura-report__table--statement">
                        <thead>
                            <tr>
                                <th scope="col">{t.rep_blue_line}</th>
                                <th scope="col" class="kura-report__num">{t.rep_amount}</th>
                            </tr>
                        </thead>
                        <tbody>{pl_lines}</tbody>
                        <tbody>
                            {sum(t.rep_blue_sales, pl.sales, "")}
                            {sum(t.rep_blue_cost_of_sales, pl.cost_of_sales, "")}
                            {sum(t.rep_blue_gross, pl.gross_profit, "")}
                            {sum(t.rep_blue_expenses, pl.expenses, "")}
                            {sum(t.rep_blue_net, pl.net, "")}
                            {sum(t.rep_blue_income, pl.income_before_special_deduction, "kura-report__grand")}
                        </tbody>
                    </table>
                </section>
                <section class="kura-report__page" data-testid="blue-monthly">
                    <h2 class="kura-report__subtitle">{t.rep_blue_monthly}</h2>
                    <table class="kura-report__table kura-report__table--statement">
                        <thead>
                            <tr>
                                <th scope="col"></th>
                                <th scope="col" class="kura-report__num">{t.rep_blue_sales}</th>
                                <th scope="col" class="kura-report__num">{t.rep_blue_purchases}</th>
                            </tr>
                        </thead>
                        <tbody>{month_rows}</tbody>
                        <tbody>
                            <tr>
                                <th scope="row">{t.rep_blue_household}</th>
                                {amount_td(monthly.household_consumption, cur, locale)}
                                <td></td>
                            </tr>
                            <tr>
                                <th scope="row">{t.rep_blue_misc}</th>
                                {amount_td(monthly.misc_income, cur, locale)}
                                <td></td>
                            </tr>
                            <tr class="kura-report__total kura-report__grand">
                                <th scope="row">{t.rep_total}</th>
                                {amount_td(monthly.total_sales + monthly.household_consumption + monthly.misc_income, cur, locale)}
                                {amount_td(monthly.total_purchases, cur, locale)}
                            </tr>
                        </tbody>
                    </table>
                </section>
                <section class="kura-report__page" data-testid="blue-bs">
                    <h2 class="kura-report__subtitle">{t.rep_blue_bs}</h2>
                    <div class="kura-report__columns">
                        <table class="kura-report__table kura-report__table--statement">
                            {bs_head}
                            <tbody>
                                <tr class="kura-report__section"><th scope="rowgroup" colspan="3">{t.rep_blue_assets}</th></tr>
                                {bs_rows(&bs.assets)}
                                {bs_total(t.rep_total, bs.total_assets_opening, bs.total_assets_closing)}
                            </tbody>
                        </table>
                        <table class="kura-report__table kura-report__table--statement">
                            {bs_head2}
                            <tbody>
                                <tr class="kura-report__section"><th scope="rowgroup" colspan="3">{t.rep_blue_liabilities_capital}</th></tr>
                                {bs_rows(&bs.liabilities_and_capital)}
                                {(!bs.earlier_years_profit.is_zero()).then(|| view! {
                                    <tr>
                                        <td class="kura-report__name">{t.rep_blue_earlier}</td>
                                        {amount_td(bs.earlier_years_profit, cur, locale)}
                                        {amount_td(bs.earlier_years_profit, cur, locale)}
                                    </tr>
                                })}
                                <tr>
                                    <td class="kura-report__name">{t.rep_blue_income}</td>
                                    <td></td>
                                    {amount_td(bs.income, cur, locale)}
                                </tr>
                                {bs_total(t.rep_total, bs.total_liabilities_and_capital_opening, bs.total_liabilities_and_capital_closing)}
                            </tbody>
                        </table>
                    </div>
                </section>
            }
            .into_any()
        })
    }
}
