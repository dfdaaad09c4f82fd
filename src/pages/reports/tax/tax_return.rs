//! The consumption-tax return's figures under the tax summary: the user picks
//! the method, how the tax on sales is found and the interim payments; the
//! boxes come from `kura_core::reports::tax_return` and are shown, printed and
//! written to CSV from the same value.

use kura_core::ledger::BusinessClass;
use kura_core::ledger::PurchaseUse;
use kura_core::locale::{format_money, Locale};
use kura_core::money::{parse_amount, Currency};
use kura_core::reports::tax_return::ColumnFigure;
use kura_core::reports::{
    csv, tax_return, AppliedMethod, Apportionment, RateFigures, ReturnBox, ReturnChoices,
    ReturnMethod, SalesTaxCalc, TaxReturn, TaxReturnError, TaxSummary,
};
use leptos::prelude::*;
use rust_decimal::Decimal;

use crate::components::{amount_class, amount_td};
use crate::i18n::{
    amount_error, apportionment_name, deemed_formula_text, detail_label, messages, percent,
    purchase_use_name, return_box_name, return_warning, special_rule_name, tax_return_error,
    use_i18n, DetailLabel, Messages,
};

/// Which method the return is figured by; the simplified method takes the
/// business class chosen for the comparison above.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MethodChoice {
    #[default]
    General,
    Simplified,
    Special,
}

/// What the tax page's user has chosen (kept while the page is open).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TaxChoices {
    /// The business class of the simplified method, in the comparison and the return.
    pub class: BusinessClass,
    pub method: MethodChoice,
    pub sales_calc: SalesTaxCalc,
    pub apportionment: Apportionment,
    pub interim_national: Decimal,
    pub interim_local: Decimal,
}

impl TaxChoices {
    fn for_return(&self) -> ReturnChoices {
        ReturnChoices {
            method: match self.method {
                MethodChoice::General => ReturnMethod::General,
                MethodChoice::Simplified => ReturnMethod::Simplified(self.class),
                MethodChoice::Special => ReturnMethod::Special,
            },
            sales_calc: self.sales_calc,
            apportionment: self.apportionment,
            interim_national: self.interim_national,
            interim_local: self.interim_local,
        }
    }

    /// The return by these choices.
    pub fn figure(
        &self,
        summary: &TaxSummary,
        currency: Currency,
    ) -> Result<TaxReturn, TaxReturnError> {
        tax_return(summary, currency, &self.for_return())
    }
}

/// The return's CSV (boxes, then the rate columns), if it can be figured.
pub fn return_csv(
    summary: &TaxSummary,
    currency: Currency,
    choices: &TaxChoices,
    locale: Locale,
) -> Option<String> {
    let t = messages(locale);
    let r = choices.figure(summary, currency).ok()?;
    let simplified = r.simplified_form();
    let name = |b: ReturnBox| return_box_name(b, simplified, locale).to_string();
    let column_labels = column_labels(simplified, locale);
    let details = detail_rows(&r, locale, |d| csv::plain_amount(d, Currency::JPY));
    Some(csv::tax_return_csv(
        &r,
        name,
        &[
            t.rep_return_number,
            t.rep_return_item,
            t.rep_amount,
            t.rep_total,
        ],
        &[
            t.rep_return_item,
            column_labels[0],
            column_labels[1],
            column_labels[2],
            column_labels[3],
            column_labels[4],
            column_labels[5],
        ],
        &details,
    ))
}

/// The return's working figures under its columns: how the credit was
/// apportioned (付表2-3) or the sales by business class and the formula
/// (付表5-3), as (label, value) rows for the screen, the print and the CSV
/// alike. Empty when the return has neither.
fn detail_rows(
    r: &TaxReturn,
    locale: Locale,
    yen: impl Fn(Decimal) -> String,
) -> Vec<(String, String)> {
    let t = messages(locale);
    let mut rows = Vec::new();
    if let Some(a) = &r.apportioned {
        let label = |l| detail_label(l, locale).to_string();
        rows.push((label(DetailLabel::ApportionedTitle), String::new()));
        rows.push((label(DetailLabel::Ratio), percent(a.ratio)));
        rows.push((
            label(DetailLabel::Apportionment),
            apportionment_name(a.method, locale).to_string(),
        ));
        for (u, amount) in [
            (PurchaseUse::TaxableSales, a.taxable_only),
            (PurchaseUse::ExemptSales, a.exempt_only),
            (PurchaseUse::Common, a.common),
        ] {
            rows.push((purchase_use_name(u, locale).to_string(), yen(amount)));
        }
    }
    if let (Some(deemed), false) = (&r.deemed, r.classes.is_empty()) {
        let class = |c: BusinessClass| (t.rep_business_class_name)(c.number());
        rows.push((
            detail_label(DetailLabel::ClassesTitle, locale).to_string(),
            String::new(),
        ));
        for c in &r.classes {
            rows.push((
                class(c.class),
                format!("{} ({})", yen(c.sales[0] + c.sales[1]), percent(c.share)),
            ));
        }
        rows.push((
            detail_label(DetailLabel::Formula, locale).to_string(),
            deemed_formula_text(deemed.formula, locale, class),
        ));
    }
    rows
}

/// The names of the rate columns' rows ([`RateFigures::ROWS`]).
fn column_labels(simplified: bool, locale: Locale) -> [&'static str; 6] {
    let name = |b| return_box_name(b, simplified, locale);
    [
        messages(locale).rep_return_consideration,
        name(ReturnBox::TaxBase),
        name(ReturnBox::Tax),
        // The 付表's ③ is the tax of bad debts recovered on either form.
        return_box_name(ReturnBox::Adjustment, true, locale),
        name(ReturnBox::PurchaseCredit),
        name(ReturnBox::BadDebtTax),
    ]
}

/// The simplified method with its business class, as the choice and the print name it.
fn simplified_label(t: &Messages, class: BusinessClass) -> String {
    format!(
        "{} ({})",
        t.rep_tax_simplified,
        (t.rep_business_class_name)(class.number())
    )
}

/// A select of one of the return's choices: `options` as (choice, the value
/// the option carries, its label), `current` selected; `pick` gets the choice.
fn choice_select<T: Copy + PartialEq + Send + Sync + 'static>(
    id: &'static str,
    options: Vec<(T, &'static str, String)>,
    current: T,
    pick: impl Fn(T) + 'static,
) -> impl IntoView {
    let values: Vec<(T, &'static str)> = options.iter().map(|(c, v, _)| (*c, *v)).collect();
    let items = options
        .into_iter()
        .map(|(choice, value, label)| {
            view! { <option value=value selected=choice == current>{label}</option> }
        })
        .collect_view();
    view! {
        <select
            class="kura-input"
            id=id
            data-testid=id
            on:change=move |ev| {
                let value = event_target_value(&ev);
                if let Some((choice, _)) = values.iter().find(|(_, v)| *v == value) {
                    pick(*choice);
                }
            }
        >
            {items}
        </select>
    }
}

/// The working figures as a table of (label, value); a row with no value is
/// a heading.
fn details_table(rows: Vec<(String, String)>) -> Option<impl IntoView> {
    (!rows.is_empty()).then(|| {
        let rows = rows
            .into_iter()
            .map(|(label, value)| {
                if value.is_empty() {
                    view! { <tr><th scope="rowgroup" colspan="2" class="kura-report__group">{label}</th></tr> }.into_any()
                } else {
                    view! {
                        <tr data-testid="return-detail">
                            <td>{label}</td>
                            <td class="kura-report__num">{value}</td>
                        </tr>
                    }
                    .into_any()
                }
            })
            .collect_view();
        view! {
            <div class="kura-report__scroll">
                <table class="kura-report__table" data-testid="return-details">
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    })
}

/// The box number as printed on the form: ① to ㉖.
fn circled(n: u8) -> char {
    let code = match n {
        1..=20 => 0x2460 + u32::from(n) - 1,
        21..=35 => 0x3251 + u32::from(n) - 21,
        _ => 0x20,
    };
    char::from_u32(code).unwrap_or(' ')
}

#[component]
pub fn TaxReturnView(
    summary: Memo<TaxSummary>,
    currency: Memo<Currency>,
    choices: RwSignal<TaxChoices>,
) -> impl IntoView {
    let i18n = use_i18n();
    let figures = Memo::new(move |_| {
        let c = choices.get();
        summary.with(|s| c.figure(s, currency.get()))
    });
    let special = Memo::new(move |_| summary.with(|s| s.methods.special.as_ref().map(|f| f.rule)));
    let method_select = move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let mut options = vec![
            (
                MethodChoice::General,
                "General",
                t.rep_tax_general.to_string(),
            ),
            (
                MethodChoice::Simplified,
                "Simplified",
                simplified_label(t, choices.with(|c| c.class)),
            ),
        ];
        if let Some(rule) = special.get() {
            let name = special_rule_name(rule, locale).to_string();
            options.push((MethodChoice::Special, "Special", name));
        }
        let current = choices.with(|c| c.method);
        choice_select("return-method", options, current, move |m| {
            choices.update(|c| c.method = m)
        })
    };
    let sales_select = move || {
        let t = i18n.t();
        let options = vec![
            (
                SalesTaxCalc::FromTotals,
                "totals",
                t.rep_return_from_totals.to_string(),
            ),
            (
                SalesTaxCalc::FromInvoices,
                "invoices",
                t.rep_return_from_invoices.to_string(),
            ),
        ];
        let current = choices.with(|c| c.sales_calc);
        choice_select("return-sales-calc", options, current, move |calc| {
            choices.update(|c| c.sales_calc = calc)
        })
    };
    let apportionment_select = move || {
        let locale = i18n.locale();
        let general = choices.with(|c| c.method == MethodChoice::General);
        general.then(|| {
            let options = [
                (Apportionment::Individual, "individual"),
                (Apportionment::Proportional, "proportional"),
            ]
            .map(|(a, value)| (a, value, apportionment_name(a, locale).to_string()))
            .to_vec();
            let current = choices.with(|c| c.apportionment);
            let select = choice_select("return-apportionment", options, current, move |a| {
                choices.update(|c| c.apportionment = a)
            });
            view! {
                <label class="kura-report__field" for="return-apportionment">
                    <span>{detail_label(DetailLabel::Apportionment, locale)}</span>
                    {select}
                </label>
            }
        })
    };
    let interim_field = move |id: &'static str,
                              label: fn(&crate::i18n::Messages) -> &'static str,
                              national: bool| {
        let error = RwSignal::new(None::<String>);
        let value = move || {
            let d = choices.with(|c| {
                if national {
                    c.interim_national
                } else {
                    c.interim_local
                }
            });
            if d.is_zero() {
                String::new()
            } else {
                d.to_string()
            }
        };
        view! {
            <label class="kura-report__field" for=id>
                <span>{move || label(i18n.t())}</span>
                <input
                    class="kura-input kura-report__amount-input"
                    id=id
                    data-testid=id
                    inputmode="numeric"
                    prop:value=value
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        let parsed = if text.trim().is_empty() {
                            Ok(Decimal::ZERO)
                        } else {
                            parse_amount(&text, Currency::JPY)
                        };
                        match parsed {
                            Ok(d) if d >= Decimal::ZERO => {
                                error.set(None);
                                choices.update(|c| if national { c.interim_national = d } else { c.interim_local = d });
                            }
                            Ok(_) => error.set(Some(tax_return_error(&TaxReturnError::NegativeInterim, i18n.locale()))),
                            Err(e) => error.set(Some(amount_error(&e, i18n.locale()))),
                        }
                    }
                />
                {move || error.get().map(|e| view! { <span class="kura-error" role="alert">{e}</span> })}
            </label>
        }
    };
    let body = move || {
        let t = i18n.t();
        let locale = i18n.locale();
        let cur = currency.get();
        figures.with(|result| match result {
            Err(e) => view! {
                <p class="kura-error" role="alert" data-testid="return-error">{tax_return_error(e, locale)}</p>
            }
            .into_any(),
            Ok(r) => {
                let simplified = r.simplified_form();
                let boxes = r
                    .boxes
                    .iter()
                    .map(|(b, amount)| {
                        let total = *b == ReturnBox::Total;
                        view! {
                            <tr data-testid="return-box" data-box=b.number().to_string() class:kura-report__total=total>
                                <td class="kura-report__box">{circled(b.number()).to_string()}</td>
                                <td>{return_box_name(*b, simplified, locale)}</td>
                                {amount_td(*amount, cur, locale)}
                            </tr>
                        }
                    })
                    .collect_view();
                let column_row = |label: &'static str, f: ColumnFigure| {
                    let total: Decimal = r.columns.iter().map(f).sum();
                    view! {
                        <tr data-testid="return-column-row">
                            <td>{label}</td>
                            {r.columns.iter().map(|c| amount_td(f(c), cur, locale)).collect_view()}
                            <td class=amount_class(total)>{format_money(total, cur, locale)}</td>
                        </tr>
                    }
                };
                let warnings = r
                    .warnings
                    .iter()
                    .map(|w| view! { <p class="kura-notice kura-notice--caution" data-testid="return-warning">{return_warning(w, locale)}</p> })
                    .collect_view();
                let special_note = matches!(r.method, AppliedMethod::Special(_))
                    .then(|| view! { <p class="kura-muted">{t.rep_return_special_note}</p> });
                let method = match r.method {
                    AppliedMethod::General => t.rep_tax_general.to_string(),
                    AppliedMethod::Simplified(class) => simplified_label(t, class),
                    AppliedMethod::Special(rule) => special_rule_name(rule, locale).to_string(),
                };
                let calc = match r.sales_calc {
                    SalesTaxCalc::FromTotals => t.rep_return_from_totals,
                    SalesTaxCalc::FromInvoices => t.rep_return_from_invoices,
                };
                view! {
                    {warnings}
                    // The choices are in the toolbar, which does not print.
                    <p class="kura-report__print-only" data-testid="return-choices-printed">
                        {format!("{}: {method} / {}: {calc}", t.rep_return_method, t.rep_return_sales_calc)}
                    </p>
                    <h3 class="kura-report__subtitle">{(t.rep_return_form)(simplified)}</h3>
                    <div class="kura-report__scroll">
                        <table class="kura-report__table" data-testid="return-boxes">
                            <thead>
                                <tr>
                                    <th scope="col">{t.rep_return_number}</th>
                                    <th scope="col">{t.rep_return_item}</th>
                                    <th scope="col" class="kura-report__num">{t.rep_amount}</th>
                                </tr>
                            </thead>
                            <tbody>{boxes}</tbody>
                        </table>
                    </div>
                    <h3 class="kura-report__subtitle">{t.rep_return_columns}</h3>
                    <div class="kura-report__scroll">
                        <table class="kura-report__table" data-testid="return-columns">
                            <thead>
                                <tr>
                                    <th scope="col">{t.rep_return_item}</th>
                                    {r.columns.iter().map(|c| view! { <th scope="col" class="kura-report__num">{format!("{}%", c.national_percent())}</th> }).collect_view()}
                                    <th scope="col" class="kura-report__num">{t.rep_total}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {column_labels(simplified, locale)
                                .into_iter()
                                .zip(RateFigures::ROWS)
                                .map(|(label, f)| column_row(label, f))
                                .collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {details_table(detail_rows(r, locale, |d| format_money(d, cur, locale)))}
                    {special_note}
                }
                .into_any()
            }
        })
    };
    view! {
        <section class="kura-report__return" data-testid="tax-return">
            <h2>{move || i18n.t().rep_return_title}</h2>
            <div class="kura-report__toolbar kura-no-print">
                <label class="kura-report__field" for="return-method">
                    <span>{move || i18n.t().rep_return_method}</span>
                    {method_select}
                </label>
                <label class="kura-report__field" for="return-sales-calc">
                    <span>{move || i18n.t().rep_return_sales_calc}</span>
                    {sales_select}
                </label>
                {apportionment_select}
                {interim_field("return-interim-national", |t| t.rep_return_interim_national, true)}
                {interim_field("return-interim-local", |t| t.rep_return_interim_local, false)}
            </div>
            {body}
            <p class="kura-muted kura-report__note">{move || i18n.t().rep_return_note}</p>
        </section>
    }
}
