//! 合計残高試算表: the trial balance, each figure drilling to its ledger.

use crate::app::use_open_book;
use crate::components::{
    account_name, amount_td, drill_td, empty_num_td, name_td, no_figures, side_td,
};
use crate::i18n::use_i18n;
use crate::routes::{self};
use kura_core::money::Currency;
use kura_core::reports::{trial_balance, Period, Sided};
use leptos::prelude::*;
use rust_decimal::Decimal;

#[component]
pub(super) fn TrialBalanceView(period: Memo<Period>, currency: Memo<Currency>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let report = Memo::new(move |_| {
        let p = period.get();
        open.book.with(|b| trial_balance(b, p))
    });
    move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let cur = currency.get();
        report.with(|tb| {
            if tb.rows.is_empty() {
                return no_figures(t).into_any();
            }
            let rows = open.book.with(|b| {
                tb.rows
                    .iter()
                    .map(|r| {
                        let name = account_name(b, r.account, locale);
                        let href = routes::ledger(open.id, r.account, tb.period);
                        let label = (t.rep_drill)(&name);
                        // A side's figure opens the ledger; an empty side stays empty.
                        let cell = |amount: Decimal| {
                            if amount.is_zero() {
                                empty_num_td().into_any()
                            } else {
                                drill_td(amount, cur, locale, href.clone(), label.clone())
                                    .into_any()
                            }
                        };
                        view! {
                            <tr data-testid="tb-row" data-code=r.code.clone()>
                                {cell(r.balance.debit)}
                                {cell(r.sum.debit)}
                                <td class="kura-report__code">{r.code.clone()}</td>
                                {name_td(name.clone(), r.depth)}
                                {cell(r.sum.credit)}
                                {cell(r.balance.credit)}
                            </tr>
                        }
                    })
                    .collect_view()
            });
            let sided = |s: Sided| (side_td(s.debit, cur, locale), side_td(s.credit, cur, locale));
            // Earlier years' profit not yet closed into capital: its own line, so
            // the columns tie out.
            let earlier_row = tb.earlier_years().map(|e| {
                let ((bd, bc), (sd, sc)) = (sided(e), sided(e));
                view! {
                    <tr data-testid="tb-earlier">
                        {bd}{sd}
                        <td></td>
                        <td class="kura-report__name">{t.rep_profit_earlier}</td>
                        {sc}{bc}
                    </tr>
                }
            });
            let totals = tb.totals;
            let money = |d: Decimal| amount_td(d, cur, locale);
            view! {
                <div class="kura-report__scroll">
                    <table class="kura-report__table kura-report__table--tb" data-testid="trial-balance">
                        <thead>
                            <tr>
                                <th scope="col" class="kura-report__num">{t.rep_debit_balance}</th>
                                <th scope="col" class="kura-report__num">{t.rep_debit_total}</th>
                                <th scope="col" class="kura-report__code">{t.rep_code}</th>
                                <th scope="col">{t.rep_account}</th>
                                <th scope="col" class="kura-report__num">{t.rep_credit_total}</th>
                                <th scope="col" class="kura-report__num">{t.rep_credit_balance}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}{earlier_row}</tbody>
                        <tfoot>
                            <tr class="kura-report__total kura-report__grand" data-testid="tb-totals">
                                {money(totals.balance.debit)}
                                {money(totals.sum.debit)}
                                <td></td>
                                <th scope="row">{t.rep_total}</th>
                                {money(totals.sum.credit)}
                                {money(totals.balance.credit)}
                            </tr>
                        </tfoot>
                    </table>
                </div>
            }
            .into_any()
        })
    }
}
