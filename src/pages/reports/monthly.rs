//! 月次損益: the P&L month by month over the fiscal year, with a chart.

use crate::app::use_open_book;
use crate::components::{account_name, amount_td, drill_td, name_td, no_figures};
use crate::i18n::use_i18n;
use crate::routes::{self};
use chrono::Datelike;
use kura_core::money::Currency;
use kura_core::reports::{monthly_profit_and_loss, Period};
use leptos::prelude::*;
use rust_decimal::Decimal;

#[component]
pub(super) fn MonthlyView(period: Memo<Period>, currency: Memo<Currency>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let report = Memo::new(move |_| {
        let p = period.get();
        open.book.with(|b| {
            let fy = Period::book_fiscal_year(b, p.from);
            monthly_profit_and_loss(b, fy.from)
        })
    });
    move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let cur = currency.get();
        report.with(|m| {
            if m.revenue.is_empty() && m.expenses.is_empty() {
                return no_figures(t).into_any();
            }
            let months = m.months.clone();
            let heads = months
                .iter()
                .map(|p| view! { <th scope="col" class="kura-report__num">{(t.rep_month)(p.from.month())}</th> })
                .collect_view();
            let body = open.book.with(|b| {
                let rows = |rows: &[kura_core::reports::MonthlyRow]| {
                    rows.iter()
                        .map(|r| {
                            let name = account_name(b, r.account, locale);
                            let cells = r
                                .months
                                .iter()
                                .zip(&months)
                                .map(|(&amount, &p)| {
                                    drill_td(amount, cur, locale, routes::ledger(open.id, r.account, p), (t.rep_drill)(&name))
                                })
                                .collect_view();
                            view! {
                                <tr data-testid="monthly-row">
                                    <td class="kura-report__code">{r.code.clone()}</td>
                                    {name_td(name.clone(), r.depth)}
                                    {cells}
                                    {amount_td(r.total, cur, locale)}
                                </tr>
                            }
                        })
                        .collect_view()
                };
                let total = |label: &'static str, months: &[Decimal; 12], year: Decimal, extra: &'static str| {
                    let cells = months.iter().map(|&a| amount_td(a, cur, locale)).collect_view();
                    let class = format!("kura-report__total {extra}");
                    view! {
                        <tr class=class>
                            <td class="kura-report__code"></td>
                            <th scope="row">{label}</th>
                            {cells}
                            {amount_td(year, cur, locale)}
                        </tr>
                    }
                };
                view! {
                    <tbody>
                        <tr class="kura-report__section"><th scope="rowgroup" colspan="15">{t.rep_revenue}</th></tr>
                        {rows(&m.revenue)}
                        {total(t.rep_total_revenue, &m.total_revenue, m.year_revenue, "")}
                    </tbody>
                    <tbody>
                        <tr class="kura-report__section"><th scope="rowgroup" colspan="15">{t.rep_expenses}</th></tr>
                        {rows(&m.expenses)}
                        {total(t.rep_total_expenses, &m.total_expenses, m.year_expenses, "")}
                    </tbody>
                    <tbody>
                        {total(t.rep_net_income, &m.net_income, m.year_net_income, "kura-report__grand")}
                    </tbody>
                }
            });
            view! {
                <div class="kura-report__scroll" data-testid="monthly-scroll">
                    <table class="kura-report__table kura-report__table--wide" data-testid="monthly">
                        <thead>
                            <tr>
                                <th scope="col" class="kura-report__code">{t.rep_code}</th>
                                <th scope="col">{t.rep_account}</th>
                                {heads}
                                <th scope="col" class="kura-report__num">{t.rep_total}</th>
                            </tr>
                        </thead>
                        {body}
                    </table>
                </div>
            }
            .into_any()
        })
    }
}
