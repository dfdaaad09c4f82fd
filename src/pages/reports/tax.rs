//! 消費税集計: the tax summary by tax code, the entries behind a code, and the return under it.

pub mod tax_return;

use crate::app::use_open_book;
use crate::components::{amount_class, amount_td, entry_ref_columns, no_figures, EntryRef};
use crate::components::{Column, DataTable};
use crate::i18n::use_i18n;
use crate::routes::{self, BookScreen, Report};
use kura_core::ids::RecordId;
use kura_core::ledger::{BusinessClass, TaxCode};
use kura_core::locale::format_money;
use kura_core::money::Currency;
use kura_core::reports::{entries_with_tax_code, tax_summary_for, Period};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use rust_decimal::Decimal;
use tax_return::{TaxChoices, TaxReturnView};

#[component]
pub(super) fn TaxView(
    period: Memo<Period>,
    currency: Memo<Currency>,
    choices: RwSignal<TaxChoices>,
    code: Memo<Option<TaxCode>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let entries = move || {
        code.get().map(|c| {
            view! {
                <h2 class="kura-report__subtitle" data-testid="tax-entries-title">
                    {move || (i18n.t().rep_tax_entries)((i18n.t().tax_code_name)(c))}
                </h2>
                <TaxEntries period=period code=c currency=currency />
            }
        })
    };
    let report = Memo::new(move |_| {
        let p = period.get();
        open.book
            .with(|b| tax_summary_for(b, p, BusinessClass::default()))
    });
    let class_select = move || {
        let t = i18n.t();
        let current = choices.with(|c| c.class);
        view! {
            <select
                class="kura-input"
                id="business-class"
                data-testid="business-class"
                on:change=move |ev| {
                    if let Some(c) = event_target_value(&ev).parse::<u8>().ok().and_then(BusinessClass::from_number) {
                        choices.update(|choice| choice.class = c);
                    }
                }
            >
                {BusinessClass::ALL
                    .into_iter()
                    .map(|c| view! { <option value=c.number().to_string() selected=c == current>{(t.rep_business_class_name)(c.number())}</option> })
                    .collect_view()}
            </select>
        }
    };
    let summary = move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let cur = currency.get();
        let chosen = choices.with(|c| c.class);
        report.with(|tax| {
            let lines = tax
                .lines
                .iter()
                .map(|l| {
                    view! {
                        <tr data-testid="tax-row">
                            <td>{(t.tax_code_name)(l.code)}</td>
                            <td class="kura-report__num">
                                <a class="kura-drill" data-testid="drill" href=tax_code_url(open.id, tax.period, l.code)>
                                    {l.lines.to_string()}
                                </a>
                            </td>
                            {amount_td(l.gross, cur, locale)}
                            {amount_td(l.base, cur, locale)}
                            {amount_td(l.tax, cur, locale)}
                            {amount_td(l.creditable_tax, cur, locale)}
                        </tr>
                    }
                })
                .collect_view();
            let m = &tax.methods;
            let (simplified_credit, simplified) = tax.simplified_for(chosen, cur);
            let money = |d: Decimal| view! { <span class=amount_class(d)>{format_money(d, cur, locale)}</span> };
            view! {
                {tax.lines.is_empty().then(|| no_figures(t))}
                <div class="kura-report__scroll">
                    <table class="kura-report__table" data-testid="tax-lines">
                        <thead>
                            <tr>
                                <th scope="col">{t.rep_tax_code}</th>
                                <th scope="col" class="kura-report__num">{t.rep_tax_lines}</th>
                                <th scope="col" class="kura-report__num">{t.rep_tax_gross}</th>
                                <th scope="col" class="kura-report__num">{t.rep_tax_base}</th>
                                <th scope="col" class="kura-report__num">{t.rep_tax_tax}</th>
                                <th scope="col" class="kura-report__num">{t.rep_tax_creditable}</th>
                            </tr>
                        </thead>
                        <tbody>{lines}</tbody>
                    </table>
                </div>
                <div class="kura-report__methods" data-testid="tax-methods">
                    <section class="kura-report__method" data-testid="tax-general">
                        <h2>{t.rep_tax_general}</h2>
                        <dl>
                            <dt>{t.rep_tax_output}</dt><dd>{money(m.output_tax)}</dd>
                            <dt>{t.rep_tax_input}</dt><dd>{money(m.input_tax)}</dd>
                            <dt>{t.rep_tax_creditable_input}</dt><dd>{money(m.creditable_input_tax)}</dd>
                            <dt class="kura-report__payable">{t.rep_tax_payable}</dt><dd class="kura-report__payable">{money(m.general)}</dd>
                        </dl>
                    </section>
                    <section class="kura-report__method" data-testid="tax-simplified">
                        <h2>{t.rep_tax_simplified}</h2>
                        <label class="kura-report__field kura-no-print" for="business-class">
                            <span>{t.rep_business_class}</span>
                            {class_select}
                        </label>
                        <p class="kura-report__print-only">{(t.rep_business_class_name)(chosen.number())}</p>
                        <dl>
                            <dt>{t.rep_tax_output}</dt><dd>{money(m.output_tax)}</dd>
                            <dt>{t.rep_tax_simplified_credit}</dt><dd>{money(simplified_credit)}</dd>
                            <dt class="kura-report__payable">{t.rep_tax_payable}</dt><dd class="kura-report__payable">{money(simplified)}</dd>
                        </dl>
                    </section>
                    <section class="kura-report__method" data-testid="tax-special">
                        {match &m.special {
                            Some(special) => view! {
                                <h2>{crate::i18n::special_rule_name(special.rule, locale)}</h2>
                                <dl>
                                    <dt>{t.rep_tax_output}</dt><dd>{money(m.output_tax)}</dd>
                                    <dt>{(t.rep_tax_special_credit)(100 - special.rule.payable_percent())}</dt><dd>{money(special.credit)}</dd>
                                    <dt class="kura-report__payable">{t.rep_tax_payable}</dt><dd class="kura-report__payable">{money(special.payable)}</dd>
                                </dl>
                            }
                            .into_any(),
                            None => view! {
                                <h2>{t.rep_tax_special}</h2>
                                <p class="kura-muted">{t.rep_tax_no_special}</p>
                            }
                            .into_any(),
                        }}
                    </section>
                </div>
                <p class="kura-muted kura-report__note">{t.rep_tax_note}</p>
            }
            .into_any()
        })
    };
    view! {
        {summary}
        <TaxReturnView summary=report currency=currency choices=choices />
        {entries}
    }
}

/// The tax summary listing the entries with one tax code.
fn tax_code_url(book: RecordId, period: Period, code: TaxCode) -> String {
    let index = TaxCode::ALL.iter().position(|c| *c == code).unwrap_or(0);
    routes::with_query(
        routes::report(book, Report::Tax, period, None),
        &[("code", index.to_string())],
    )
}

/// One entry behind a tax-code line.
#[derive(Clone, Debug, PartialEq)]
struct TaxEntryRow {
    head: EntryRef,
    total: Decimal,
}

/// The posted entries with a line carrying `code` in the period: the
/// drill-down of a tax-code line, each opening its entry.
#[component]
pub(super) fn TaxEntries(
    period: Memo<Period>,
    code: TaxCode,
    currency: Memo<Currency>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let open = use_open_book();
    let navigate = use_navigate();
    let book_id = open.id;
    let rows = Memo::new(move |_| {
        let p = period.get();
        open.book.with(|b| {
            entries_with_tax_code(b, p, code)
                .into_iter()
                .filter_map(|id| b.entry(id))
                .map(|e| TaxEntryRow {
                    head: EntryRef {
                        entry: e.id(),
                        date: e.date(),
                        description: e.description().to_string(),
                        partner: e.partner().unwrap_or_default().to_string(),
                    },
                    total: e.total(),
                })
                .collect()
        })
    });
    let mut columns = entry_ref_columns(i18n, book_id, "tax-entry", |r: &TaxEntryRow| &r.head);
    columns.push(Column::numeric(
        move || t().rep_amount.to_string(),
        move |r: &TaxEntryRow| {
            let d = r.total;
            move || format_money(d, currency.get(), i18n.locale())
        },
    ));
    let activate = Callback::new(move |r: TaxEntryRow| {
        navigate(
            &BookScreen::Entry(r.head.entry).path(book_id),
            Default::default(),
        )
    });
    view! {
        <DataTable
            rows=rows
            columns=columns
            row_key=|r: &TaxEntryRow| r.head.entry.to_string()
            label=Signal::derive(move || t().rep_tax.to_string())
            on_activate=activate
            row_test_id="tax-entry-row"
        />
    }
}
